// ISAKMP/IKE fields, with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'isakmp';
export const IKE = {
  version: defineField('isakmp.version', 'isakmp_version', 'termfield', true, g, 'IKE versions (1.0, 2.0)'),
  exchangeType: defineField('isakmp.exchange-type', 'isakmp_exchange_type', 'termfield', true, g, 'Exchange types (identity-protection, ike-sa-init...)'),
  initiatorSpi: defineField('isakmp.initiator-spi', 'isakmp_initiator_spi', 'termfield', true, g, 'Initiator SPIs (hex)'),
  responderSpi: defineField('isakmp.responder-spi', 'isakmp_responder_spi', 'termfield', true, g, 'Responder SPIs (hex, when set)'),
  vendorId: defineField('isakmp.vendor-id', 'isakmp_vendor_id', 'termfield', true, g, 'Vendor ids (known names, else hex)'),
  encryption: defineField('isakmp.encryption', 'isakmp_encryption', 'termfield', true, g, 'Phase 1 encryption algorithms proposed'),
  hash: defineField('isakmp.hash', 'isakmp_hash', 'termfield', true, g, 'Phase 1 hash algorithms proposed'),
  authMethod: defineField('isakmp.auth-method', 'isakmp_auth_method', 'termfield', true, g, 'Phase 1 authentication methods proposed'),
  dhGroup: defineField('isakmp.dh-group', 'isakmp_dh_group', 'termfield', true, g, 'Phase 1 Diffie-Hellman groups proposed'),
};

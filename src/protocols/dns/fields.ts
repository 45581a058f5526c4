// DNS fields, with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'dns';
export const DNS = {
  host: defineField('host.dns', 'dns_host', 'lotermfield', true, g, 'Hostnames looked up in DNS'),
  queryHost: defineField('dns.query.host', 'dns_query_host', 'lotermfield', true, g, 'DNS query names'),
  queryType: defineField('dns.query.type', 'dns_query_type', 'uptermfield', true, g, 'DNS query types (A, AAAA, MX...)'),
  queryClass: defineField('dns.query.class', 'dns_query_class', 'uptermfield', true, g, 'DNS query classes'),
  status: defineField('dns.status', 'dns_status', 'uptermfield', true, g, 'DNS response codes (NOERROR, NXDOMAIN...)'),
  opcode: defineField('dns.opcode', 'dns_opcode', 'uptermfield', true, g, 'DNS opcodes'),
  flags: defineField('dns.header_flags', 'dns_header_flags', 'uptermfield', true, g, 'DNS header flags (AA, TC, RD, RA, AD, CD)'),
  answerIp: defineField('dns.answer.ip', 'dns_answer_ip', 'ip', true, g, 'Addresses in A/AAAA records of any section'),
  ip: defineField('ip.dns', 'dns_ip', 'ip', true, g, 'Addresses in A/AAAA records of the answer section'),
  nsIp: defineField('ip.dns.nameserver', 'dns_nameserver_ip', 'ip', true, g, 'Addresses of name servers, from additional records'),
  mxIp: defineField('ip.dns.mailserver', 'dns_mailserver_ip', 'ip', true, g, 'Addresses of mail exchangers, from additional records'),
  answerClass: defineField('dns.answer.class', 'dns_answer_class', 'uptermfield', true, g, 'Classes of DNS records'),
  answerPriority: defineField('dns.answer.priority', 'dns_answer_priority', 'integer', true, g, 'MX preferences'),
  answerHttps: defineField('dns.answer.https', 'dns_answer_https', 'termfield', true, g, 'HTTPS/SVCB records in presentation form'),
  answerName: defineField('dns.answer.name', 'dns_answer_name', 'termfield', true, g, 'Owner names of DNS answers'),
  answerType: defineField('dns.answer.type', 'dns_answer_type', 'uptermfield', true, g, 'Types of DNS answers'),
  answerTtl: defineField('dns.answer.ttl', 'dns_answer_ttl', 'integer', true, g, 'TTLs of DNS answers'),
  answerCname: defineField('dns.answer.cname', 'dns_answer_cname', 'termfield', true, g, 'CNAME targets in DNS answers'),
  answerMx: defineField('host.dns.mailserver', 'dns_mailserver_host', 'lotermfield', true, g, 'Mail exchangers in DNS answers', { aliases: ['dns.answer.mx'] }),
  answerNs: defineField('host.dns.nameserver', 'dns_nameserver_host', 'lotermfield', true, g, 'Name servers in DNS answers', { aliases: ['dns.answer.ns'] }),
  answerTxt: defineField('dns.answer.txt', 'dns_answer_txt', 'termfield', true, g, 'TXT strings in DNS answers'),
};

'use strict';
// The compiled binding (node-gyp, against Debian's libpcap-dev).
module.exports = require('./build/Release/weir_pcap.node');

// IRC: client registration and joins (NICK, JOIN) from the client's lines.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { LineBuffer } from '../lines.js';
import { anyPrefix } from '../misc/signatures.js';

const g = 'irc';
export const IRC = {
  nick: defineField('irc.nick', 'irc_nick', 'termfield', true, g, 'Nicknames set by clients'),
  channel: defineField('irc.channel', 'irc_channel', 'termfield', true, g, 'Channels joined'),
};

class IrcParser implements ProtocolParser {
  private readonly lines = new LineBuffer();
  private count = 0;
  feed(dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    if (dir !== 0) return true;
    this.lines.push(b, o, len, (l) => {
      this.count++;
      const [verb, arg] = l.split(' ', 2);
      if (/^NICK$/i.test(verb) && arg) out.add(IRC.nick, arg.replace(/^:/, ''));
      else if (/^JOIN$/i.test(verb) && arg) for (const c of arg.split(',')) out.add(IRC.channel, c);
    });
    return this.count < 500;
  }
}

export const irc: ProtocolDef = { name: 'irc', transport: 'tcp', ports: [6667], signature: anyPrefix('CAP LS', 'CAP REQ', 'NICK '), create: () => new IrcParser() };

// The openings of HTTP/1.x messages: request methods and the status line's version.
import { anyPrefix } from '../misc/signatures.js';

/** Whether buf[off..off+len) starts with a request line's method or a status line. */
export const opensMessage = anyPrefix('GET ', 'POST ', 'HEAD ', 'PUT ', 'DELETE ', 'OPTIONS ', 'PATCH ', 'CONNECT ', 'TRACE ', 'HTTP/1.');

// `weir user add|passwd|list|remove`: the viewer's users, in the database the viewer serves.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { str, UsageError } from './args.js';
import { openStore, parseCommand } from './common.js';
import { hashPassword, ROLES } from '../viewer/auth.js';
import { parseExpression } from '../query/parser.js';

export async function runUser(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const a = parseCommand(rest, ['role', 'expression'], ['password-stdin', 'json']);
  const name = a.positional[0];
  const needName = action !== 'list';
  if (!['add', 'passwd', 'list', 'remove'].includes(action ?? '')) throw new UsageError('user needs one of: add NAME, passwd NAME, list, remove NAME');
  if (needName && (!name || a.positional.length !== 1)) throw new UsageError(`user ${action} needs exactly one user name`);
  if (needName && !/^[A-Za-z0-9_.@-]{1,64}$/.test(name)) throw new UsageError('user names are 1-64 letters, digits, _ . @ -');
  const role = str(a, 'role') ?? 'analyst';
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const expression = str(a, 'expression');
  if (expression) parseExpression(expression);
  // The password comes from standard input (scripts), or is made here and printed once.
  const password = () => (a.opts.has('password-stdin') ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : randomBytes(12).toString('base64url'));
  const store = await openStore(a);
  try {
    if (action === 'list') {
      for (const u of await store.listUsers()) {
        process.stdout.write(a.opts.has('json') ? JSON.stringify(u) + '\n' : `${u.id}\t${u.roles.join(',')}\t${u.expression ?? ''}\n`);
      }
      return 0;
    }
    const existing = await store.getUser(name);
    if (action === 'remove') {
      if (!existing) throw new UsageError(`no user ${name}`);
      await store.removeUser(name);
      process.stderr.write(`removed user ${name}\n`);
      return 0;
    }
    if (action === 'add' && existing) throw new UsageError(`user ${name} exists (weir user passwd ${name} changes the password)`);
    if (action === 'passwd' && !existing) throw new UsageError(`no user ${name}`);
    const pw = password();
    if (pw.length < 8) throw new UsageError('passwords need at least 8 characters');
    await store.putUser({
      id: name, passwordHash: await hashPassword(pw),
      roles: action === 'add' || a.opts.has('role') ? [role] : existing!.roles,
      expression: expression ?? (action === 'add' ? null : existing!.expression), createdAt: existing?.createdAt ?? Date.now(),
    });
    if (!a.opts.has('password-stdin')) process.stdout.write(`${name}: password ${pw} (shown once)\n`);
    process.stderr.write(`${action === 'add' ? 'added' : 'updated'} user ${name}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

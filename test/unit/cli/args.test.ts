import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUsage, parseArgs, UsageError } from '../../../main/cli/args.ts';

const specs = {
  user: { type: 'string', valueName: 'USER' },
  frames: { type: 'number', integer: true, min: 1, max: 100 },
  json: { type: 'boolean' },
  header: { type: 'string', multiple: true },
  offset: { type: 'number' },
} as const;
const one = { names: ['url'] };

test('args: --flag value, --flag=value, booleans and repeated flags', () => {
  const r = parseArgs(['http://cam/', '--user', 'root', '--frames=5', '--json', '--header', 'a', '--header=b=c'], specs, one);
  assert.deepEqual(r.positionals, ['http://cam/']);
  assert.equal(r.flags.user, 'root');
  assert.equal(r.flags.frames, 5);
  assert.equal(r.flags.json, true);
  assert.deepEqual(r.flags.header, ['a', 'b=c']);
  assert.equal(r.flags.offset, undefined);
  assert.equal(r.help, false);
});

test('args: defaults when flags are absent, negative numbers as values, -- ends flags', () => {
  const r = parseArgs(['--offset', '-5', '--', '--json'], specs, one);
  assert.equal(r.flags.offset, -5);
  assert.equal(r.flags.json, false);
  assert.deepEqual(r.flags.header, []);
  assert.deepEqual(r.positionals, ['--json']);
});

test('args: --json=false and --help', () => {
  assert.equal(parseArgs(['x', '--json=false'], specs, one).flags.json, false);
  assert.equal(parseArgs(['--help'], specs, one).help, true, 'help skips the positional check');
});

const errors: Array<[string[], RegExp]> = [
  [['x', '--nope'], /unknown option '--nope'/],
  [['x', '-u'], /unknown option '-u'/],
  [['x', '--user'], /--user needs a value \(USER\)/],
  [['x', '--user', '--json'], /--user needs a value/],
  [['x', '--user', 'a', '--user', 'b'], /--user was given more than once/],
  [['x', '--frames', 'ten'], /--frames must be a number, not 'ten'/],
  [['x', '--frames', '1.5'], /--frames must be a whole number/],
  [['x', '--frames', '0'], /--frames must be at least 1/],
  [['x', '--frames', '101'], /--frames must be at most 100/],
  [['x', '--frames='], /--frames must be a number/],
  [['x', '--json=maybe'], /--json takes no value or one of true\/false/],
  [[], /missing <url>/],
  [['x', 'y'], /unexpected argument 'y'/],
];
for (const [argv, message] of errors) {
  test(`args: usage error for ${JSON.stringify(argv)}`, () => {
    assert.throws(() => parseArgs(argv, specs, one), (e: unknown) => e instanceof UsageError && message.test(e.message));
  });
}

test('args: usage text lists every flag', () => {
  const text = formatUsage('probe', specs, one);
  assert.match(text, /usage: camwall probe <url> \[options\]/);
  for (const name of Object.keys(specs)) assert.match(text, new RegExp(`--${name}`));
  assert.match(text, /--header VALUE\s+\(repeatable\)/);
});

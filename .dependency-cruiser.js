// @ts-check
/**
 * The floors of src/ and commands/, written down once: `npm run floors` (part of `npm test`) fails when a room
 * imports a room on its own floor or above, when files import each other in a circle, or when a command reaches
 * past the bot's context. docs/design.md draws the same floors (tests/floors.test.ts keeps the two in step).
 *
 * A room is a folder of src/ (every file under it, subfolders included), a single file at src/'s top, or
 * commands/. Imports count whether they bring values or only types: a type is a dependency too.
 */

/** Top floor first. A room may import rooms on the floors below its own, never beside or above it. */
export const FLOORS = [
  ['cli'],
  ['commands', 'bench'],
  ['bot'],
  ['service', 'eval'],
  ['host', 'session'],
  ['search'],
  ['names', 'state', 'watch'],
  ['index', 'read'],
  ['embed'],
  ['config.ts'],
  ['feeds', 'outlets'],
  ['chunk', 'ingest', 'models', 'log.ts'],
  ['types.ts', 'terminal.ts', 'fs', 'threads', 'chart', 'metrics'],
  // The error table imports nothing, so every room, fs and threads included, can throw its codes.
  ['errors.ts'],
];

/** What commands/ may import besides the floors below it: they reach search only through the bot's context. */
const COMMANDS_MAY_IMPORT = [
  'bot',
  'session',
  'state',
  'outlets',
  'host/contract.ts',
  'types.ts',
  'errors.ts',
];

const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The path pattern of a room (or of one file in a room, `host/contract.ts`). */
const roomPath = (/** @type {string} */ room) =>
  room === 'commands'
    ? '^commands/'
    : room.endsWith('.ts')
      ? `^src/${escape(room)}$`
      : `^src/${escape(room)}/`;

const floorRules = FLOORS.flatMap((floor, i) =>
  floor.flatMap((room) => {
    const notBelow = FLOORS.slice(0, i + 1)
      .flat()
      .filter((r) => r !== room);
    if (notBelow.length === 0) return [];
    return [
      {
        name: 'floors',
        severity: /** @type {const} */ ('error'),
        comment: `${room} (floor ${FLOORS.length - 1 - i}) imports only rooms on the floors below it`,
        from: { path: roomPath(room) },
        to: { path: notBelow.map(roomPath) },
      },
    ];
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...floorRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Files that import each other, directly or round a longer circle: move what both need into a file of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-room',
      severity: 'error',
      comment: 'Every file of src/ is in a room of FLOORS: add a new folder to a floor.',
      from: { path: '^src/', pathNot: FLOORS.flat().map(roomPath) },
      to: {},
    },
    {
      name: 'to-no-room',
      severity: 'error',
      comment: 'Every file of src/ is in a room of FLOORS: add a new folder to a floor.',
      from: {},
      to: { path: '^src/', pathNot: FLOORS.flat().map(roomPath) },
    },
    {
      name: 'commands-through-context',
      severity: 'error',
      comment:
        'Commands reach search through the context passed to execute (src/bot/context.ts), never index/, embed/ or search/ directly.',
      from: { path: '^commands/' },
      to: { path: '^src/', pathNot: COMMANDS_MAY_IMPORT.map(roomPath) },
    },
    {
      name: 'discord-in-bot-and-commands',
      severity: 'error',
      comment: 'Only commands/ and src/bot/ import discord.js.',
      from: { pathNot: ['^commands/', '^src/bot/'] },
      to: { path: '^node_modules/discord\\.js/' },
    },
    {
      name: 'not-to-tests-or-scripts',
      severity: 'error',
      comment: 'The product never imports the tests or the scripts.',
      from: { path: '^(src|commands)/' },
      to: { path: '^(tests|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are arrows too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

/**
 * The admin commands check who runs them, not only Discord's default permission (which a server can loosen):
 * /reindex, /gaps and changing /settings need Manage Server or the role the server named with /settings admins;
 * naming that role needs Manage Server itself. A refusal is one ephemeral line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Community } from '../../src/state/community.ts';
import { startHarness, type Harness } from '../helpers/bot-harness.ts';
import { EPHEMERAL, engine, type Body } from '../helpers/e2e-fixture.ts';
import { fakeHost } from '../helpers/fake-engine.ts';
import {
  chatInput,
  GUILD_ID,
  subcommand,
  type InteractionBase,
  type OptionValue,
} from '../helpers/interactions.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

/** Send Messages and the usual member bits, without Manage Server (0x20). */
const MEMBER = (0x400n | 0x800n).toString();
const DESK_ROLE = '700000000000000001';

const temp = new TempDirs();
const host = fakeHost(engine);
let h: Harness;
let community: Community;
let nextUser = 1;
const user = () => `43000000000000${String(nextUser++).padStart(4, '0')}`;

beforeAll(async () => {
  community = Community.open({ dataDir: await temp.make() });
  h = await startHarness(host, { community });
});
afterAll(async () => {
  await h.stop();
  community.close();
  await temp.cleanup();
});

type Raw = InteractionBase & { member: { permissions: string; roles: string[] } };

/** `interaction` as run by a member with `permissions` and `roles`. */
function as<T>(interaction: T, permissions: string, roles: string[] = []): T {
  const member = (interaction as unknown as Raw).member;
  member.permissions = permissions;
  member.roles = roles;
  return interaction;
}

const settings = (sub: string, options: Record<string, OptionValue> = {}) =>
  subcommand(h.fake.applicationId, 'settings', sub, options, user());
const command = (name: string, options: Record<string, OptionValue> = {}) =>
  chatInput(h.fake.applicationId, name, options, user());

/** `/settings admins role:<role>`, the role resolved as Discord sends it. */
function adminsCommand(role: string | null) {
  const i = settings('admins');
  const data = i.data as unknown as Record<string, unknown>;
  data.options = [
    { name: 'admins', type: 1, options: role === null ? [] : [{ name: 'role', type: 8, value: role }] },
  ];
  if (role !== null)
    data.resolved = {
      roles: {
        [role]: {
          id: role,
          name: 'Desk editors',
          color: 0,
          hoist: false,
          position: 1,
          permissions: '0',
          managed: false,
          mentionable: true,
          flags: 0,
        },
      },
    };
  return i;
}

async function callback(i: InteractionBase): Promise<Body> {
  h.fake.sendInteraction(i);
  return (await h.callback(i)).body as Body;
}

async function refusal(i: InteractionBase): Promise<string> {
  const body = await callback(i);
  expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
  return String(body.data!.content);
}

describe('a member without Manage Server', () => {
  it('is refused /settings changes, /gaps and /reindex, and may still read /settings show', async () => {
    expect(await refusal(as(settings('set', { k: 5 }), MEMBER))).toBe(
      '/settings set needs the Manage Server permission; ask a server manager.',
    );
    expect(await refusal(as(settings('exclude', { outlet: 'Reuters' }), MEMBER))).toContain(
      '/settings exclude needs',
    );
    expect(await refusal(as(settings('reset'), MEMBER))).toContain('/settings reset needs');
    expect(await refusal(as(command('gaps'), MEMBER))).toBe(
      '/gaps needs the Manage Server permission; ask a server manager.',
    );
    expect(await refusal(as(command('reindex'), MEMBER))).toBe(
      '/reindex needs the Manage Server permission; ask a server manager.',
    );
    expect(host.isReindexing()).toBe(false);
    expect(community.settings(GUILD_ID)).toMatchObject({ k: 3, excludeOutlets: [] });

    const show = await callback(as(settings('show'), MEMBER));
    expect(show.type).toBe(4);
    expect(JSON.stringify(show.data)).toContain('Settings for this server');
  });
});

describe('the role a server names with /settings admins', () => {
  it('only Manage Server names it; then its members may run the admin commands, but not rename it', async () => {
    expect(await refusal(as(adminsCommand(DESK_ROLE), MEMBER, [DESK_ROLE]))).toBe(
      '/settings admins needs the Manage Server permission; ask a server manager.',
    );
    const MANAGER = (0x20n | 0x400n | 0x800n).toString();
    const named = await callback(as(adminsCommand(DESK_ROLE), MANAGER));
    expect(JSON.stringify(named.data)).toContain(`<@&${DESK_ROLE}>`);
    expect(community.settings(GUILD_ID).adminRole).toBe(DESK_ROLE);

    // Without the role the refusal names it.
    expect(await refusal(as(command('gaps'), MEMBER))).toBe(
      `/gaps needs the Manage Server permission or the <@&${DESK_ROLE}> role; ask a server manager.`,
    );

    const set = await callback(as(settings('set', { k: 5 }), MEMBER, [DESK_ROLE]));
    expect(JSON.stringify(set.data)).toContain('Saved.');
    expect(community.settings(GUILD_ID).k).toBe(5);
    expect((await callback(as(command('gaps'), MEMBER, [DESK_ROLE]))).type).toBe(5);
    expect((await callback(as(command('reindex'), MEMBER, [DESK_ROLE]))).type).toBe(5);
    host.finish();
    expect(await refusal(as(adminsCommand(null), MEMBER, [DESK_ROLE]))).toContain('/settings admins needs');
  });
});

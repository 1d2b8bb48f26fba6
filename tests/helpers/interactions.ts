/**
 * INTERACTION_CREATE payloads as Discord sends them (API v10), for the fake gateway to dispatch. Each call
 * gets a fresh id and token, so a test can find the bot's answer to exactly that interaction.
 */

export const GUILD_ID = '200000000000000001';
export const CHANNEL_ID = '300000000000000001';
export const USER_ID = '400000000000000001';
/** Discord's MANAGE_GUILD bit plus the usual member bits, as a decimal string. */
export const MEMBER_PERMISSIONS = (0x20n | 0x400n | 0x800n).toString();

let counter = 0;

export interface InteractionBase {
  id: string;
  token: string;
}

function base(
  applicationId: string,
  type: number,
  userId = USER_ID,
): InteractionBase & Record<string, unknown> {
  counter += 1;
  const id = (500000000000000000n + BigInt(counter)).toString();
  const user = {
    id: userId,
    username: `user${userId.slice(-3)}`,
    discriminator: '0',
    global_name: 'Tester',
    avatar: null,
  };
  return {
    id,
    token: `interaction-token-${id}`,
    application_id: applicationId,
    type,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general' },
    member: {
      user,
      roles: [],
      permissions: MEMBER_PERMISSIONS,
      joined_at: '2022-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
    },
    app_permissions: MEMBER_PERMISSIONS,
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 8_388_608,
  };
}

export type OptionValue = string | number | boolean;

/** A slash command: `options` become typed options (3 string, 4 integer, 5 boolean). */
export function chatInput(
  applicationId: string,
  name: string,
  options: Record<string, OptionValue> = {},
  userId?: string,
) {
  return {
    ...base(applicationId, 2, userId),
    data: {
      id: `600000000000000${name.length}00`,
      name,
      type: 1,
      guild_id: GUILD_ID,
      options: toOptions(options),
    },
  };
}

/** An autocomplete request with `focused` being typed. */
export function autocomplete(
  applicationId: string,
  name: string,
  focused: string,
  typed: string,
  others: Record<string, OptionValue> = {},
) {
  const options = [...toOptions(others), { name: focused, type: 3, value: typed, focused: true }];
  return { ...base(applicationId, 4), data: { id: '600000000000000300', name, type: 1, options } };
}

/** A click on a button with `customId`, on the message Discord recorded for an earlier reply. */
export function buttonClick(
  applicationId: string,
  customId: string,
  message: Record<string, unknown>,
  userId?: string,
) {
  return { ...base(applicationId, 3, userId), data: { custom_id: customId, component_type: 2 }, message };
}

/** A choice in a string select menu with `customId` (component type 3) on an earlier message. */
export function selectMenu(
  applicationId: string,
  customId: string,
  values: string[],
  message: Record<string, unknown>,
  userId?: string,
) {
  return {
    ...base(applicationId, 3, userId),
    data: { custom_id: customId, component_type: 3, values },
    message,
  };
}

/** A slash command with a subcommand: `/name sub option:value…`. */
export function subcommand(
  applicationId: string,
  name: string,
  sub: string,
  options: Record<string, OptionValue> = {},
  userId?: string,
) {
  const command = chatInput(applicationId, name, {}, userId);
  return {
    ...command,
    data: { ...command.data, options: [{ name: sub, type: 1, options: toOptions(options) }] },
  };
}

function toOptions(options: Record<string, OptionValue>) {
  return Object.entries(options).map(([name, value]) => ({
    name,
    value,
    type: typeof value === 'boolean' ? 5 : typeof value === 'number' ? 4 : 3,
  }));
}

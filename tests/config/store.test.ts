import { describe, expect, it } from 'vitest';
import { ConfigError, loadEngineConfig } from '../../src/config.ts';

describe('STORE and DATABASE_URL', () => {
  it('default to the file store and no database', () => {
    expect(loadEngineConfig({})).toMatchObject({ store: 'files', databaseUrl: null });
  });

  it('STORE=postgres takes DATABASE_URL', () => {
    const url = 'postgres://crisis:secret@db.internal:5432/crisis';
    expect(loadEngineConfig({ STORE: 'postgres', DATABASE_URL: url })).toMatchObject({
      store: 'postgres',
      databaseUrl: url,
    });
    expect(
      loadEngineConfig({ STORE: 'postgres', DATABASE_URL: 'postgresql://127.0.0.1/x' }).databaseUrl,
    ).toBe('postgresql://127.0.0.1/x');
  });

  it('STORE=postgres without DATABASE_URL, an unknown STORE, or a URL that is not postgres:// fail naming the key, never the value', () => {
    expect(() => loadEngineConfig({ STORE: 'postgres' })).toThrow(
      new ConfigError('DATABASE_URL', 'a postgres:// URL, since STORE=postgres', 'nothing'),
    );
    expect(() => loadEngineConfig({ STORE: 'mysql' })).toThrow(
      new ConfigError('STORE', 'files or postgres', '"mysql"'),
    );
    const secret = 'mysql://root:hunter2@db/crisis';
    const error = (() => {
      try {
        loadEngineConfig({ STORE: 'postgres', DATABASE_URL: secret });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error).toEqual(
      new ConfigError(
        'DATABASE_URL',
        'a postgres://user:password@host:port/database URL',
        `a value of ${secret.length} characters (not shown)`,
      ),
    );
    expect(error!.message).not.toContain('hunter2');
  });

  it('a DATABASE_URL with STORE=files is not used', () => {
    expect(loadEngineConfig({ DATABASE_URL: 'postgres://127.0.0.1/x' }).databaseUrl).toBeNull();
  });
});

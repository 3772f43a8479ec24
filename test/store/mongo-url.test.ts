import { describe, expect, it } from 'vitest';
import {
  describeHosts,
  parseMongoUrl,
  redactMongoUrl,
  scrubPassword,
} from '../../src/store/mongo-url.js';

describe('redactMongoUrl', () => {
  it.each([
    [
      'mongodb://alice:s3cret@db.example.com:27017/reviews',
      'mongodb://alice:****@db.example.com:27017/reviews',
    ],
    [
      'mongodb+srv://bot:p%40ss%2Fw0rd@cluster0.abcde.mongodb.net/scale?retryWrites=true&w=majority',
      'mongodb+srv://bot:****@cluster0.abcde.mongodb.net/scale?retryWrites=true&w=majority',
    ],
    [
      'mongodb://u:pw@h1:27017,h2:27018,h3/db?replicaSet=rs0',
      'mongodb://u:****@h1:27017,h2:27018,h3/db?replicaSet=rs0',
    ],
    ['mongodb://localhost:27017', 'mongodb://localhost:27017'],
    ['mongodb://onlyuser@host/db', 'mongodb://onlyuser@host/db'],
    // Unescaped '@', '/' or '?' in a password (invalid, but people do it) stays hidden.
    ['mongodb://u:p@ss/w?rd@host:1/db', 'mongodb://u:****@host:1/db'],
    [
      'mongodb://host/db?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:abc123',
      'mongodb://host/db?authMechanism=MONGODB-AWS&authMechanismProperties=****',
    ],
    [
      'mongodb://host/db?tlsCertificateKeyFilePassword=hunter2',
      'mongodb://host/db?tlsCertificateKeyFilePassword=****',
    ],
  ])('%s -> %s', (url, expected) => {
    expect(redactMongoUrl(url)).toBe(expected);
  });

  it('never echoes something that is not a MongoDB URL (it may be a secret pasted by mistake)', () => {
    expect(redactMongoUrl('xoxb-123-secret')).toBe('<not a mongodb:// or mongodb+srv:// URL>');
  });
});

describe('parseMongoUrl and describeHosts', () => {
  it('reads hosts, database and credentials', () => {
    expect(parseMongoUrl('mongodb://a:b%21@h1:1,h2:2/my%20db?x=1')).toEqual({
      scheme: 'mongodb',
      username: 'a',
      password: 'b%21',
      hosts: ['h1:1', 'h2:2'],
      database: 'my db',
      query: 'x=1',
    });
    expect(parseMongoUrl('mongodb://h/?x=1')?.database).toBeNull();
    expect(parseMongoUrl('mongodb://h')?.database).toBeNull();
    expect(parseMongoUrl('postgres://h/db')).toBeNull();
  });

  it('names the hosts, or says there is none', () => {
    expect(describeHosts('mongodb://u:p@h1:1,h2:2/db')).toBe('h1:1,h2:2');
    expect(describeHosts('mongodb:///db')).toBe('(no host)');
    expect(describeHosts('nonsense')).toBe('(no host)');
  });
});

describe('scrubPassword', () => {
  it('removes the raw and the decoded password from a message', () => {
    const url = 'mongodb://u:p%40ssw0rd@h/db';

    expect(scrubPassword('auth failed for p%40ssw0rd / p@ssw0rd', url)).toBe(
      'auth failed for **** / ****',
    );
    expect(scrubPassword('nothing to hide', 'mongodb://h/db')).toBe('nothing to hide');
  });

  it('gives up (null) on a password too short to scrub without mangling the text', () => {
    expect(scrubPassword('a message', 'mongodb://u:ab@h/db')).toBeNull();
  });
});

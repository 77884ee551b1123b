/**
 * Reference cases for reference.test.ts, ported from distribution/reference's own tables
 * (normalize_test.go, reference_test.go, regexp_test.go) and restated as what ParseNormalizedNamed
 * makes of each input, since that is what `docker pull` sees. Where a Go table tested the raw parser,
 * the expectation here is the normalized one (`test.com:5000` is docker.io/library/test.com, tag 5000).
 * One row per input, the expectation beside it.
 */

const FFFF = `sha256:${'f'.repeat(64)}`;
const BUSYBOX = 'sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582';
const REDIS = 'sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';
const SHORT_BUSYBOX = 'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa';
const MYAPP = 'sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912';
const IMAGE_ID = '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a';

/** input, registry, repository, tag, digest (null when absent). */
export type ValidCase = readonly [input: string, registry: string, repository: string, tag: string | null, digest: string | null];

export const VALID_CASES: Record<string, readonly ValidCase[]> = {
  'Docker Hub normalization': [
    ['debian', 'docker.io', 'library/debian', 'latest', null],
    ['library/debian', 'docker.io', 'library/debian', 'latest', null],
    ['docker/docker', 'docker.io', 'docker/docker', 'latest', null],
    ['docker.io/debian', 'docker.io', 'library/debian', 'latest', null],
    ['docker.io/library/debian', 'docker.io', 'library/debian', 'latest', null],
    ['docker.io/docker/docker', 'docker.io', 'docker/docker', 'latest', null],
    ['index.docker.io/debian', 'docker.io', 'library/debian', 'latest', null],
    ['index.docker.io/library/debian', 'docker.io', 'library/debian', 'latest', null],
    ['index.docker.io/docker/docker', 'docker.io', 'docker/docker', 'latest', null],
    ['docker.io/library/foo/bar', 'docker.io', 'library/foo/bar', 'latest', null],
    ['test_com/foo', 'docker.io', 'test_com/foo', 'latest', null],
    ['docker/migrator', 'docker.io', 'docker/migrator', 'latest', null],
    ['foo', 'docker.io', 'library/foo', 'latest', null],
    ['docker.io/foo', 'docker.io', 'library/foo', 'latest', null],
    ['docker.io/library/foo', 'docker.io', 'library/foo', 'latest', null],
    // A 64-hex name is only refused bare: with a registry it cannot be taken for an image ID.
    [`docker.io/${IMAGE_ID}`, 'docker.io', `library/${IMAGE_ID}`, 'latest', null],
    [
      'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9',
      'docker.io',
      'library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9',
      'latest',
      null,
    ],
    ['dbcc1', 'docker.io', 'library/dbcc1', 'latest', null],
    // Without '/', a host-looking name is still an official image (distribution's FIXME), and what
    // follows ':' is a tag, not a port.
    ['192.168.0.1', 'docker.io', 'library/192.168.0.1', 'latest', null],
    ['192.168.0.1:80', 'docker.io', 'library/192.168.0.1', '80', null],
    ['test_com', 'docker.io', 'library/test_com', 'latest', null],
    ['test.com:tag', 'docker.io', 'library/test.com', 'tag', null],
    ['test.com:5000', 'docker.io', 'library/test.com', '5000', null],
    ['foo_bar.com:8080', 'docker.io', 'library/foo_bar.com', '8080', null],
    ['foo/foo_bar.com:8080', 'docker.io', 'foo/foo_bar.com', '8080', null],
    ['192.168.1.1:tag', 'docker.io', 'library/192.168.1.1', 'tag', null],
    ['localhost:8080', 'docker.io', 'library/localhost', '8080', null],
    [`localhost:8080@${MYAPP}`, 'docker.io', 'library/localhost', '8080', MYAPP],
    [`localhost@${MYAPP}`, 'docker.io', 'library/localhost', null, MYAPP],
    ['foo.com', 'docker.io', 'library/foo.com', 'latest', null],
    // ParseNormalizedNamed reads a bare digest as image `sha256` with the hex as its tag.
    [REDIS, 'docker.io', 'library/sha256', REDIS.slice('sha256:'.length), null],
  ],
  'path components': [
    [
      'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      'docker.io',
      'library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      'latest',
      null,
    ],
    ['docker-rules/docker', 'docker.io', 'docker-rules/docker', 'latest', null],
    ['docker---rules/docker', 'docker.io', 'docker---rules/docker', 'latest', null],
    ['doc/docker', 'docker.io', 'doc/docker', 'latest', null],
    ['d/docker', 'docker.io', 'd/docker', 'latest', null],
    ['jess/t', 'docker.io', 'jess/t', 'latest', null],
    ['dock__er/docker', 'docker.io', 'dock__er/docker', 'latest', null],
    ['do__cker/docker', 'docker.io', 'do__cker/docker', 'latest', null],
    ['aa-a/a', 'docker.io', 'aa-a/a', 'latest', null],
    ['a/a/a/a', 'docker.io', 'a/a/a/a', 'latest', null],
    ['aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb', 'docker.io', 'aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb', 'latest', null],
    ['foo_bar', 'docker.io', 'library/foo_bar', 'latest', null],
    ['foo.com/foo_bar', 'foo.com', 'foo_bar', 'latest', null],
    ['example.com/some_separator__underscore/myimage', 'example.com', 'some_separator__underscore/myimage', 'latest', null],
    [
      'registry.io/foo/project--id.module--name.ver---sion--name',
      'registry.io',
      'foo/project--id.module--name.ver---sion--name',
      'latest',
      null,
    ],
    ['b.gcr.io/test.example.com/my-app', 'b.gcr.io', 'test.example.com/my-app', 'latest', null],
    ['example.com/xn--7o8h.com/myimage', 'example.com', 'xn--7o8h.com/myimage', 'latest', null],
  ],
  'registry hosts and ports': [
    ['localhost/debian', 'localhost', 'debian', 'latest', null],
    ['localhost/library/debian', 'localhost', 'library/debian', 'latest', null],
    ['localhost:8080/bar', 'localhost:8080', 'bar', 'latest', null],
    // An uppercase first component cannot be a repository path, so docker takes it for a host.
    ['LOCALDOMAIN/debian', 'LOCALDOMAIN', 'debian', 'latest', null],
    ['LOCALDOMAIN/library/debian', 'LOCALDOMAIN', 'library/debian', 'latest', null],
    ['Docker/docker', 'Docker', 'docker', 'latest', null],
    ['DOCKER/docker', 'DOCKER', 'docker', 'latest', null],
    ['Asdf.com/foo/bar', 'Asdf.com', 'foo/bar', 'latest', null],
    ['127.0.0.1:5000/docker/docker', '127.0.0.1:5000', 'docker/docker', 'latest', null],
    ['127.0.0.1:5000/library/debian', '127.0.0.1:5000', 'library/debian', 'latest', null],
    // library/ is added on Docker Hub only.
    ['127.0.0.1:5000/debian', '127.0.0.1:5000', 'debian', 'latest', null],
    ['192.168.0.1:8/debian', '192.168.0.1:8', 'debian', 'latest', null],
    ['192.168.0.2:25000/debian', '192.168.0.2:25000', 'debian', 'latest', null],
    ['192.168.1.1/repo', '192.168.1.1', 'repo', 'latest', null],
    ['192.168.1.1:5000/repo', '192.168.1.1:5000', 'repo', 'latest', null],
    ['192.168.1.1:5000/repo:5050', '192.168.1.1:5000', 'repo', '5050', null],
    ['test.com/foo', 'test.com', 'foo', 'latest', null],
    ['test.com:8080/foo', 'test.com:8080', 'foo', 'latest', null],
    ['test.com:10304/foo', 'test.com:10304', 'foo', 'latest', null],
    ['test-com:8080/foo', 'test-com:8080', 'foo', 'latest', null],
    ['test:5000/repo', 'test:5000', 'repo', 'latest', null],
    ['xn--n3h.com/foo', 'xn--n3h.com', 'foo', 'latest', null],
    ['xn--n3h.com:18080/foo', 'xn--n3h.com:18080', 'foo', 'latest', null],
    ['a.b/foo', 'a.b', 'foo', 'latest', null],
    ['ab.cd.com/foo', 'ab.cd.com', 'foo', 'latest', null],
    ['a-b.com/foo', 'a-b.com', 'foo', 'latest', null],
    ['ab.c-om/foo', 'ab.c-om', 'foo', 'latest', null],
    ['0101.com/foo', '0101.com', 'foo', 'latest', null],
    ['001a.com/foo', '001a.com', 'foo', 'latest', null],
    ['b.gbc.io:443/foo', 'b.gbc.io:443', 'foo', 'latest', null],
    ['sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com', 'bar/baz/quux', 'latest', null],
    ['blog.foo.com/bar/baz', 'blog.foo.com', 'bar/baz', 'latest', null],
    ['gcr.io/library/busybox', 'gcr.io', 'library/busybox', 'latest', null],
  ],
  'IPv6 literals': [
    ['[fc00::1]:5000/docker', '[fc00::1]:5000', 'docker', 'latest', null],
    ['[fc00::1]:5000/docker/docker', '[fc00::1]:5000', 'docker/docker', 'latest', null],
    ['[fc00:1:2:3:4:5:6:7]:5000/library/debian', '[fc00:1:2:3:4:5:6:7]:5000', 'library/debian', 'latest', null],
    ['[2001:db8::1]/repo', '[2001:db8::1]', 'repo', 'latest', null],
    ['[2001:db8:1:2:3:4:5:6]/repo:tag', '[2001:db8:1:2:3:4:5:6]', 'repo', 'tag', null],
    ['[2001:db8::1]:5000/repo', '[2001:db8::1]:5000', 'repo', 'latest', null],
    ['[2001:db8::1]:5000/repo:tag', '[2001:db8::1]:5000', 'repo', 'tag', null],
    [`[2001:db8::1]:5000/repo@${FFFF}`, '[2001:db8::1]:5000', 'repo', null, FFFF],
    [`[2001:db8::1]:5000/repo:tag@${FFFF}`, '[2001:db8::1]:5000', 'repo', 'tag', FFFF],
    ['[2001:db8::]:5000/repo', '[2001:db8::]:5000', 'repo', 'latest', null],
    ['[::1]:5000/repo', '[::1]:5000', 'repo', 'latest', null],
    ['[fd00:1:2::3]:65535/foo', '[fd00:1:2::3]:65535', 'foo', 'latest', null],
    ['[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:5000/foo', '[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:5000', 'foo', 'latest', null],
  ],
  'tags and digests': [
    ['busybox:latest', 'docker.io', 'library/busybox', 'latest', null],
    ['library/busybox:latest', 'docker.io', 'library/busybox', 'latest', null],
    ['docker.io/busybox:latest', 'docker.io', 'library/busybox', 'latest', null],
    ['lowercase:Uppercase', 'docker.io', 'library/lowercase', 'Uppercase', null],
    ['test.com/repo:tag', 'test.com', 'repo', 'tag', null],
    ['test:5000/repo:tag', 'test:5000', 'repo', 'tag', null],
    ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', 'sub-dom1.foo.com', 'bar/baz/quux', 'some-long-tag', null],
    ['b.gcr.io/test.example.com/my-app:test.example.com', 'b.gcr.io', 'test.example.com/my-app', 'test.example.com', null],
    ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com', 'myimage', 'xn--n3h.com', null],
    ['registry.com:8080/myapp:tag', 'registry.com:8080', 'myapp', 'tag', null],
    [`busybox:${'t'.repeat(128)}`, 'docker.io', 'library/busybox', 't'.repeat(128), null],
    ['busybox:_underscore.first-Tag', 'docker.io', 'library/busybox', '_underscore.first-Tag', null],
    // A digest alone: no default tag.
    [`busybox@${BUSYBOX}`, 'docker.io', 'library/busybox', null, BUSYBOX],
    [`redis@${REDIS}`, 'docker.io', 'library/redis', null, REDIS],
    [`dmcgowan/myapp@${REDIS}`, 'docker.io', 'dmcgowan/myapp', null, REDIS],
    [`test:5000/repo@${FFFF}`, 'test:5000', 'repo', null, FFFF],
    [`registry.com:8080/myapp@${MYAPP}`, 'registry.com:8080', 'myapp', null, MYAPP],
    // Tag and digest together are both kept; manifestPath asks by digest.
    [`busybox:latest@${SHORT_BUSYBOX}`, 'docker.io', 'library/busybox', 'latest', SHORT_BUSYBOX],
    [`test:5000/repo:tag@${FFFF}`, 'test:5000', 'repo', 'tag', FFFF],
    [`gcr.io/library/busybox:latest@${BUSYBOX}`, 'gcr.io', 'library/busybox', 'latest', BUSYBOX],
    [`xn--7o8h.com/myimage:xn--7o8h.com@${FFFF}`, 'xn--7o8h.com', 'myimage', 'xn--7o8h.com', FFFF],
    [`registry.com:8080/myapp:tag2@${MYAPP}`, 'registry.com:8080', 'myapp', 'tag2', MYAPP],
    // sha512 is registered by go-digest by default (reference_test.go predates that and expects a refusal).
    [`validname@sha512:${'f'.repeat(128)}`, 'docker.io', 'library/validname', null, `sha512:${'f'.repeat(128)}`],
  ],
  lengths: [
    // The limit is on the repository path; the registry host does not count.
    [`example.com/${'a'.repeat(255)}:tag`, 'example.com', 'a'.repeat(255), 'tag', null],
    [`${'a/'.repeat(127)}a:tag-puts-this-over-max`, 'docker.io', `${'a/'.repeat(127)}a`, 'tag-puts-this-over-max', null],
    [`${'a'.repeat(247)}`, 'docker.io', `library/${'a'.repeat(247)}`, 'latest', null],
  ],
  'skopeo transport prefix': [
    ['docker://busybox', 'docker.io', 'library/busybox', 'latest', null],
    ['docker://docker.io/library/busybox:1.36', 'docker.io', 'library/busybox', '1.36', null],
    [`docker://127.0.0.1:5000/team/app@${FFFF}`, '127.0.0.1:5000', 'team/app', null, FFFF],
  ],
};

/** input, and a fragment of the reason the error message must give. */
export type InvalidCase = readonly [input: string, reason: string];

export const INVALID_CASES: Record<string, readonly InvalidCase[]> = {
  'uppercase repository': [
    ['docker/Docker', 'repository name (docker/Docker) must be lowercase'],
    ['docker.io/docker/Docker', 'repository name (docker/Docker) must be lowercase'],
    ['Uppercase:tag', 'repository name (library/Uppercase) must be lowercase'],
    ['test:5000/Uppercase/lowercase:tag', 'repository name (Uppercase/lowercase) must be lowercase'],
    ['Foo/FarB', 'repository name (FarB) must be lowercase'],
    ['UPPER/Case', 'invalid reference format: repository name (Case) must be lowercase'],
  ],
  'image IDs': [
    [IMAGE_ID, 'cannot specify 64-byte hexadecimal strings'],
    [`docker://${IMAGE_ID}`, 'cannot specify 64-byte hexadecimal strings'],
  ],
  'malformed repository paths': [
    ['', 'the reference is empty'],
    ['docker://', 'the reference is empty'],
    ['https://github.com/docker/docker', 'invalid reference format'],
    ['-docker', 'invalid reference format'],
    ['-docker/docker', 'invalid reference format'],
    ['docker-/docker', 'invalid reference format'],
    ['-docker-/docker', 'invalid reference format'],
    ['docker///docker', 'invalid reference format'],
    ['docker.io/docker///docker', 'invalid reference format'],
    ['____/____', 'invalid reference format'],
    ['_docker/_docker', 'invalid reference format'],
    ['docker_/docker_', 'invalid reference format'],
    ['dock..er/docker', 'invalid reference format'],
    ['dock_.er/docker', 'invalid reference format'],
    ['dock-.er/docker', 'invalid reference format'],
    ['docker/', 'invalid reference format'],
    ['a/a/a/a/', 'invalid reference format'],
    ['a//a/a', 'invalid reference format'],
    ['foo.com/', 'invalid reference format'],
    ['a^a', 'invalid reference format'],
    ['aa/asdf$$^/aa', 'invalid reference format'],
    ['asdf$$^/aa', 'invalid reference format'],
    ['a-/a/a/a', 'invalid reference format'],
    ['foo.com/a-/a/a', 'invalid reference format'],
    ['foo/bar-', 'invalid reference format'],
    ['foo/-bar', 'invalid reference format'],
    ['example.com/__underscore/myimage', 'invalid reference format'],
    ['example.com/..dots/myimage', 'invalid reference format'],
    ['example.com/.dots/myimage', 'invalid reference format'],
    ['example.com/nodouble..dots/myimage', 'invalid reference format'],
    ['Not a Valid//Reference', 'invalid reference format'],
    [':justtag', 'invalid reference format'],
    [`@${FFFF}`, 'invalid reference format'],
    ['with space', 'invalid reference format'],
    ['line\nbreak', 'invalid reference format'],
  ],
  'malformed registry hosts': [
    ['-docker.io/docker/docker', 'registry host (-docker.io) is not a valid host name'],
    ['test.com:http/foo', 'registry host (test.com:http) is not a valid host name'],
    ['foo.com:http/bar', 'registry host (foo.com:http) is not a valid host name'],
    ['-ab.com/foo', 'registry host (-ab.com)'],
    ['ab-.com/foo', 'registry host (ab-.com)'],
    ['ab.-com/foo', 'registry host (ab.-com)'],
    ['ab.com-/foo', 'registry host (ab.com-)'],
    ['docker./docker', 'registry host (docker.)'],
    ['.docker/docker', 'registry host (.docker)'],
    ['do..cker/docker', 'registry host (do..cker)'],
    ['do__cker:8080/docker', 'registry host (do__cker:8080)'],
    ['bad_hostname.com:8080/myapp:tag', 'registry host (bad_hostname.com:8080)'],
    ['foo_bar.com:8080/app', 'registry host (foo_bar.com:8080)'],
    // docker would accept this as a repository with no registry at all; nothing could be fetched from it.
    ['foo_bar.com/app', 'registry host (foo_bar.com) is not a valid host name'],
    ['localhost:http/name', 'registry host (localhost:http)'],
  ],
  'IPv6 without a repository, or not in docker form': [
    ['[fc00::1]', 'invalid reference format'],
    ['[fc00::1]:5000', 'invalid reference format'],
    ['[2001:db8::1]:tag', 'invalid reference format'],
    ['fc00::1:5000/debian', 'registry host (fc00::1:5000)'],
    ['fd00:1:2::3:75050/foo', 'registry host (fd00:1:2::3:75050)'],
    ['[fe80::1%eth0]:5000/debian', 'registry host ([fe80::1%eth0]:5000)'],
    ['[fe80::1%@invalidzone]:5000/repo', 'registry host ([fe80::1%@invalidzone]:5000)'],
    ['[2001:db8:3:4::192.0.2.33]:5000/debian', 'registry host ([2001:db8:3:4::192.0.2.33]:5000)'],
    ['[fd00:1:2::3]75050/foo', 'registry host ([fd00:1:2::3]75050)'],
    ['[fd00:1:2::3]::75050/foo', 'registry host ([fd00:1:2::3]::75050)'],
  ],
  // distribution's grammar takes these (it checks the brackets' alphabet and leaves ports unchecked), but
  // no URL can carry them, or a URL reads them as another host: refused before any request is made.
  'hosts no URL can carry as written': [
    ['[E]/a', 'registry host ([E]) is not a valid IPv6 address'],
    ['[fd00123123123]:5000/foo', 'registry host ([fd00123123123]:5000) is not a valid IPv6 address'],
    ['[fd00:1:2::3]:75050/foo', 'registry host ([fd00:1:2::3]:75050) is not a valid IPv6 address or port'],
    ['192.168.1.1:75050/repo', 'registry host (192.168.1.1:75050) is not a valid host name or address for a URL'],
    ['test.com:65536/foo', 'registry host (test.com:65536)'],
    // A name whose last label is all digits is an IPv4 address to a URL parser.
    ['127.l0.0.1:5000/a:b', 'registry host (127.l0.0.1:5000) is not a valid host name or address for a URL'],
    ['key127.0.0.1:5000/a', 'registry host (key127.0.0.1:5000) is not a valid host name or address for a URL'],
    ['1.2.3.4.5/a', 'registry host (1.2.3.4.5)'],
    ['127.000.0.1:5000/a', 'registry host (127.000.0.1:5000) would be read as 127.0.0.1'],
    ['0x7f.1/a', 'registry host (0x7f.1) would be read as 127.0.0.1'],
    ['2130706433:5000/a', 'registry host (2130706433:5000) would be read as 127.0.0.1'],
  ],
  tags: [
    [`busybox:${'t'.repeat(129)}`, 'tag ('],
    ['registry.com:8080/myapp:invalid~tag', 'tag (invalid~tag)'],
    ['busybox:', 'tag ()'],
    ['busybox:.hidden', 'tag (.hidden)'],
    ['busybox:-dash', 'tag (-dash)'],
    ['busybox:a:b', 'tag (a:b)'],
  ],
  digests: [
    ['registry.com:8080/myapp@sha256:badbadbadbad', 'digest (sha256:badbadbadbad)'],
    ['registry.com:8080/myapp@bad', 'digest (bad)'],
    ['registry.com:8080/myapp@2bad', 'digest (2bad)'],
    [`busybox@${FFFF}@${FFFF}`, 'invalid reference format'],
    [`repo@sha256:${'f'.repeat(34)}`, 'invalid checksum digest length'],
    [`repo@sha256:${'f'.repeat(65)}`, 'invalid checksum digest length'],
    [`repo@sha512:${'f'.repeat(64)}`, 'invalid checksum digest length'],
    [`validname@invaliddigest:${'f'.repeat(64)}`, 'unsupported digest algorithm'],
    [`validname@sha384:${'f'.repeat(96)}`, 'unsupported digest algorithm'],
    [`validname@constructor:${'f'.repeat(64)}`, 'unsupported digest algorithm'],
    [`validname@toString:${'f'.repeat(64)}`, 'invalid checksum digest format'],
    [`repo@sha256:${'F'.repeat(64)}`, 'invalid checksum digest format'],
    [`repo@SHA256:${'f'.repeat(64)}`, 'invalid checksum digest format'],
  ],
  lengths: [
    [`domain/${'a'.repeat(256)}:tag`, 'repository name must not be more than 255 characters'],
    [`example.com/${'a'.repeat(256)}`, 'repository name must not be more than 255 characters'],
    // library/ counts: 248 characters become a 256-character path on Docker Hub.
    ['a'.repeat(248), 'repository name must not be more than 255 characters'],
    [`${'a/'.repeat(128)}a`, 'repository name must not be more than 255 characters'],
  ],
};

/**
 * TestParseRepositoryInfo: every spelling of one repository (familiar, full, and the ambiguous ones
 * normalization resolves) gives the same familiar name and full name.
 */
export type SpellingCase = readonly [spellings: readonly string[], familiarName: string, fullName: string];

export const SPELLING_CASES: readonly SpellingCase[] = [
  [['localhost/fooo'], 'localhost/fooo', 'localhost/fooo'],
  [['localhost/fooo/bar'], 'localhost/fooo/bar', 'localhost/fooo/bar'],
  [['LOCALDOMAIN/fooo'], 'LOCALDOMAIN/fooo', 'LOCALDOMAIN/fooo'],
  [['LOCALDOMAIN/fooo/bar'], 'LOCALDOMAIN/fooo/bar', 'LOCALDOMAIN/fooo/bar'],
  [['fooo/bar', 'docker.io/fooo/bar', 'index.docker.io/fooo/bar'], 'fooo/bar', 'docker.io/fooo/bar'],
  [['ubuntu', 'docker.io/library/ubuntu', 'library/ubuntu'], 'ubuntu', 'docker.io/library/ubuntu'],
  [['nonlibrary/ubuntu', 'docker.io/nonlibrary/ubuntu'], 'nonlibrary/ubuntu', 'docker.io/nonlibrary/ubuntu'],
  [['other/library', 'docker.io/other/library'], 'other/library', 'docker.io/other/library'],
  [['127.0.0.1:8000/private/moonbase'], '127.0.0.1:8000/private/moonbase', '127.0.0.1:8000/private/moonbase'],
  [['127.0.0.1:8000/privatebase'], '127.0.0.1:8000/privatebase', '127.0.0.1:8000/privatebase'],
  [['example.com/private/moonbase'], 'example.com/private/moonbase', 'example.com/private/moonbase'],
  [['example.com/privatebase'], 'example.com/privatebase', 'example.com/privatebase'],
  [['example.com:8000/private/moonbase'], 'example.com:8000/private/moonbase', 'example.com:8000/private/moonbase'],
  [['example.com:8000/privatebasee'], 'example.com:8000/privatebasee', 'example.com:8000/privatebasee'],
  [
    ['ubuntu-12.04-base', 'docker.io/library/ubuntu-12.04-base', 'index.docker.io/library/ubuntu-12.04-base'],
    'ubuntu-12.04-base',
    'docker.io/library/ubuntu-12.04-base',
  ],
  [['foo', 'docker.io/library/foo', 'docker.io/foo'], 'foo', 'docker.io/library/foo'],
  // Only a one-component official name drops library/.
  [['library/foo/bar', 'docker.io/library/foo/bar'], 'library/foo/bar', 'docker.io/library/foo/bar'],
  [['store/foo/bar', 'docker.io/store/foo/bar'], 'store/foo/bar', 'docker.io/store/foo/bar'],
  [['Foo/bar'], 'Foo/bar', 'Foo/bar'],
  [['FOO/bar'], 'FOO/bar', 'FOO/bar'],
  [['[::1]:5000/foo'], '[::1]:5000/foo', '[::1]:5000/foo'],
];

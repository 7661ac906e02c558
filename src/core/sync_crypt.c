/* sync_crypt.c - exchange files protected with a passphrase (NAME.lcdb.enc): the key comes from the
 * passphrase by argon2id, the content is libsodium's secretstream (XChaCha20-Poly1305) in chunks of
 * 64 KiB, so a file is read and written in constant memory, and a wrong passphrase, a changed byte,
 * reordered or missing chunks, or a file cut short are all refused before anything is used.
 * Layout: magic "LCDBENC\1", opslimit and memlimit (8 bytes each, little-endian), salt (16 bytes),
 * the secretstream header (24 bytes), then the chunks, the last one tagged FINAL. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "sync.h"
#include "util.h"
#include "i18n.h"

#define MAGIC "LCDBENC\1"
#define MAGIC_LEN 8
#define CHUNK 65536
#define HEAD_LEN (MAGIC_LEN + 16 + crypto_pwhash_SALTBYTES + crypto_secretstream_xchacha20poly1305_HEADERBYTES)
/* What a file may ask of the key derivation: more would let a hostile file stall the machine. */
#define MAX_OPSLIMIT 16ULL
#define MAX_MEMLIMIT (1024ULL * 1024 * 1024)

typedef crypto_secretstream_xchacha20poly1305_state stream_state;

static void
put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get_le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Read exactly n bytes unless the file ends first; the count read, or -1. */
static ssize_t
read_full(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int
write_full(int fd, const unsigned char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
derive(unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES], const char *pass,
    const unsigned char *salt, uint64_t ops, uint64_t mem)
{
	return crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES, pass, strlen(pass), salt,
	    (unsigned long long)ops, (size_t)mem, crypto_pwhash_ALG_ARGON2ID13);
}

int
sync_crypt_is_encrypted(const char *path)
{
	unsigned char m[MAGIC_LEN];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t n = fd >= 0 ? read_full(fd, m, sizeof m) : -1;

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return -1;
	return n == MAGIC_LEN && memcmp(m, MAGIC, MAGIC_LEN) == 0;
}

char *
sync_crypt_encrypt_fd(int in, int out, const char *pass)
{
	unsigned char head[HEAD_LEN], key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char *plain = xmalloc(CHUNK), *cipher = xmalloc(CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES);
	unsigned char *salt = head + MAGIC_LEN + 16;
	stream_state st;
	char *err = NULL;
	ssize_t n;

	if (sodium_init() < 0) {
		err = xstrdup(_("libsodium cannot start"));
		goto out;
	}
	memcpy(head, MAGIC, MAGIC_LEN);
	put_le64(head + MAGIC_LEN, crypto_pwhash_OPSLIMIT_INTERACTIVE);
	put_le64(head + MAGIC_LEN + 8, crypto_pwhash_MEMLIMIT_INTERACTIVE);
	randombytes_buf(salt, crypto_pwhash_SALTBYTES);
	if (derive(key, pass, salt, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		err = xstrdup(_("not enough memory to derive the key from the passphrase"));
		goto out;
	}
	crypto_secretstream_xchacha20poly1305_init_push(&st, head + MAGIC_LEN + 16 + crypto_pwhash_SALTBYTES, key);
	if (write_full(out, head, sizeof head) != 0) {
		err = xasprintf(_("cannot write the encrypted file: %s"), strerror(errno));
		goto out;
	}
	/* Read one chunk ahead, so the last one is known when it is pushed (it carries the FINAL tag). */
	n = read_full(in, plain, CHUNK);
	while (n >= 0) {
		unsigned char *next = xmalloc(CHUNK);
		ssize_t m = n == CHUNK ? read_full(in, next, CHUNK) : 0;
		unsigned long long clen;
		unsigned char tag = m > 0 ? 0 : crypto_secretstream_xchacha20poly1305_TAG_FINAL;
		if (m < 0) {
			free(next);
			n = -1;
			break;
		}
		crypto_secretstream_xchacha20poly1305_push(&st, cipher, &clen, plain, (unsigned long long)n, NULL, 0, tag);
		if (write_full(out, cipher, (size_t)clen) != 0) {
			free(next);
			err = xasprintf(_("cannot write the encrypted file: %s"), strerror(errno));
			goto out;
		}
		free(plain);
		plain = next;
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			break;
		n = m;
	}
	if (n < 0)
		err = xasprintf(_("cannot read the export: %s"), strerror(errno));
out:
	sodium_memzero(key, sizeof key);
	free(plain);
	free(cipher);
	return err;
}

char *
sync_crypt_decrypt_fd(int in, int out, const char *pass, crypto_generichash_state *hs)
{
	unsigned char head[HEAD_LEN], key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char *cipher = xmalloc(CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES), *plain = xmalloc(CHUNK);
	uint64_t ops, mem;
	stream_state st;
	char *err = NULL;
	bool final = false;
	ssize_t n;

	if (sodium_init() < 0) {
		err = xstrdup(_("libsodium cannot start"));
		goto out;
	}
	n = read_full(in, head, sizeof head);
	if (n > 0)
		crypto_generichash_update(hs, head, (size_t)n);
	if (n != (ssize_t)sizeof head || memcmp(head, MAGIC, MAGIC_LEN) != 0) {
		err = xstrdup(_("decryption check: it is not an encrypted lifecircle file, or it is cut short"));
		goto out;
	}
	ops = get_le64(head + MAGIC_LEN);
	mem = get_le64(head + MAGIC_LEN + 8);
	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > MAX_OPSLIMIT || mem < crypto_pwhash_MEMLIMIT_MIN || mem > MAX_MEMLIMIT) {
		err = xstrdup(_("decryption check: the file asks for key settings lifecircle does not use"));
		goto out;
	}
	if (derive(key, pass, head + MAGIC_LEN + 16, ops, mem) != 0) {
		err = xstrdup(_("not enough memory to derive the key from the passphrase"));
		goto out;
	}
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, head + MAGIC_LEN + 16 + crypto_pwhash_SALTBYTES, key) != 0) {
		err = xstrdup(_("decryption check: the file's header is damaged"));
		goto out;
	}
	while (!final && (n = read_full(in, cipher, CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES)) > 0) {
		unsigned long long plen;
		unsigned char tag;
		crypto_generichash_update(hs, cipher, (size_t)n);
		if (crypto_secretstream_xchacha20poly1305_pull(&st, plain, &plen, &tag, cipher, (unsigned long long)n, NULL, 0) != 0) {
			err = xstrdup(_("decryption check: wrong passphrase, or the file was changed after it was made"));
			goto out;
		}
		final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
		if (write_full(out, plain, (size_t)plen) != 0) {
			err = xasprintf(_("cannot make the private copy: %s"), strerror(errno));
			goto out;
		}
	}
	if (n < 0)
		err = xasprintf(_("cannot read it: %s"), strerror(errno));
	else if (!final)
		err = xstrdup(_("decryption check: the file is cut short"));
	else if ((n = read_full(in, cipher, 1)) != 0) {
		if (n > 0)
			crypto_generichash_update(hs, cipher, (size_t)n);
		err = xstrdup(_("decryption check: there are bytes after the end of the encrypted content"));
	}
out:
	sodium_memzero(key, sizeof key);
	sodium_memzero(plain, CHUNK);
	free(plain);
	free(cipher);
	return err;
}

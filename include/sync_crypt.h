/* sync_crypt.h - passphrase protection of exchange files (NAME.lcdb.enc): argon2id key derivation
 * and libsodium secretstream, streamed in constant memory. Used by sync.c. */
#ifndef LC_SYNC_CRYPT_H
#define LC_SYNC_CRYPT_H

#include <sodium.h>

/* 1 when the file at path starts as an encrypted exchange file, 0 when not, -1 when unreadable. */
int sync_crypt_is_encrypted(const char *path);
/* Encrypt everything read from in onto out with a key derived from pass; NULL or why not (heap). */
char *sync_crypt_encrypt_fd(int in, int out, const char *pass);
/* Decrypt in onto out, feeding every byte read into hs; NULL, or why not (heap): a wrong
 * passphrase, a changed, cut or extended file are refused, and what was written must be dropped. */
char *sync_crypt_decrypt_fd(int in, int out, const char *pass, crypto_generichash_state *hs);

#endif

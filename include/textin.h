/* textin.h - read a text file from elsewhere (CSV exports, XLSForm CSVs, reference data) as UTF-8.
 *
 * Detection, in order: a byte-order mark (EF BB BF, FF FE, FE FF); else strict UTF-8 (no overlongs,
 * no surrogates; pure ASCII counts as UTF-8); else GB18030 (which covers GBK and GB2312).
 * The result is NUL-terminated UTF-8 without the BOM, with every CRLF turned into LF (a lone CR
 * is kept). Refusals name the file and a 1-based line (lines count '\n' before the bad byte);
 * "byte offset K in that line" is 0-based from the line's first byte, in the file's own bytes,
 * the BOM not counted. Bytes that are neither UTF-8 nor GB18030 are reported where the
 * encoding that decoded more of the file stopped, since that is the one the file was meant to be. */
#ifndef LC_TEXTIN_H
#define LC_TEXTIN_H

#include <stddef.h>

typedef enum textin_encoding {
	TEXTIN_UTF8,		/* no BOM, valid UTF-8 (also pure ASCII) */
	TEXTIN_UTF8_BOM,	/* EF BB BF then valid UTF-8 */
	TEXTIN_UTF16LE,		/* FF FE then UTF-16 little-endian */
	TEXTIN_UTF16BE,		/* FE FF then UTF-16 big-endian */
	TEXTIN_GB18030		/* no BOM, not UTF-8, valid GB18030/GBK/GB2312 */
} textin_encoding;

typedef struct textin {
	char *text;			/* NUL-terminated UTF-8, BOM removed, CRLF normalised to LF; never NULL after success */
	size_t len;			/* bytes in text, not counting the terminating NUL */
	textin_encoding encoding;	/* what the input was detected as */
} textin;

/* Read and decode the file at path; files over max_bytes are refused without reading them whole. 0 on success (free with textin_free), else -1 with *err (heap, translated, naming the file and line when there is one) and *out emptied. */
int textin_read_file(const char *path, size_t max_bytes, textin *out, char **err);
/* As textin_read_file, but only a regular file is read: a FIFO, device or folder is refused without waiting on it (opened non-blocking, then fstat). Same return and *err contract. */
int textin_read_regular(const char *path, size_t max_bytes, textin *out, char **err);
/* Decode n bytes (bytes may be NULL when n is 0) exactly as textin_read_file does; name stands for the file in messages. Same return and *err contract. */
int textin_decode(const char *bytes, size_t n, const char *name, textin *out, char **err);
/* Untranslated technical name of e for logs and messages: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "GB18030". */
const char *textin_encoding_name(textin_encoding e);
/* Free t's text and empty it; safe on an emptied or already freed textin and on NULL. */
void textin_free(textin *t);

#endif

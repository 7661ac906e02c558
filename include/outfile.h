/* outfile.h - writing an output file whole or not at all: the content goes to a temporary file
 * beside the target, which is synced and renamed over it only when everything was written. A path
 * that is not a regular file (a device such as /dev/stdout or a printer, a pipe, a symlink) is
 * written in place, since renaming over it would replace it. Knows no record. */
#ifndef LC_OUTFILE_H
#define LC_OUTFILE_H

#include <stdio.h>
#include <stddef.h>

typedef struct outfile outfile;

/* Start writing path; NULL with *err (heap, translated, naming path) when the temporary file cannot be made. */
outfile *outfile_open(const char *path, char **err);
/* The stream to write the content into (owned by o). */
FILE *outfile_stream(outfile *o);
/* The file being written, for a library that wants a path rather than a stream (write through one or the other). */
const char *outfile_path(const outfile *o);
/* Close the stream and put the file in place; 0, or -1 with *err (heap) and the target left as it was. Frees o. */
int outfile_commit(outfile *o, char **err);
/* Give up: close the stream and remove the temporary file (the target is untouched). Frees o; NULL is fine. */
void outfile_abort(outfile *o);
/* Write len bytes of data as the whole of path; 0, or -1 with *err (heap) and the target left as it was. */
int outfile_write_whole(const char *path, const void *data, size_t len, char **err);

#endif

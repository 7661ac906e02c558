/* pdf.h - an A4 PDF page builder over cairo and Pango: text boxes that wrap, shrink and cut, lines,
 * boxes and check marks, all placed in millimetres from the page's top left corner. Knows no record. */
#ifndef LC_PDF_H
#define LC_PDF_H

#include <stdbool.h>

#define PDF_A4_WIDTH_MM 210.0
#define PDF_A4_HEIGHT_MM 297.0

/* The Debian package that provides the CJK fonts; named in the message when none is installed. */
#define PDF_CJK_FONT_PACKAGE "fonts-noto-cjk"

typedef struct pdf_doc pdf_doc;

typedef enum { PDF_ALIGN_LEFT, PDF_ALIGN_CENTER, PDF_ALIGN_RIGHT } pdf_align;

/* How text is set: family as fontconfig knows it (fallback for missing characters through fontconfig), size in points, the smallest size a box may shrink to (0 = never shrink), bold, horizontal alignment, vertical centring in its box, extra space between lines in points. */
typedef struct pdf_style {
	const char *family;
	double size_pt;
	double min_size_pt;
	bool bold;
	pdf_align align;
	bool vcenter;
	double line_gap_pt;
} pdf_style;

/* Start a PDF at path; NULL with *err (heap, translated) when no installed font covers Chinese (the message names PDF_CJK_FONT_PACKAGE) or the file cannot be created. family is the font checked for Chinese. */
pdf_doc *pdf_open(const char *path, const char *family, char **err);
/* Begin a new A4 page (the previous one, if any, is finished). Drawing needs a page. */
void pdf_page_new(pdf_doc *d);
/* Pages begun so far. */
int pdf_page_count(const pdf_doc *d);
/* Finish the file and free d; 0 on success, -1 with *err (heap, translated) when writing failed. */
int pdf_close(pdf_doc *d, char **err);

/* Text (UTF-8, '\n' starts a paragraph) inside the box x,y,w,h: wrapped to w by Pango's line breaking; when too tall the size shrinks in half points down to style->min_size_pt, then the last line that fits ends in "…". Never draws outside the box. Returns the height used in mm; *shrunk_pt (may be NULL) gets the size used. */
double pdf_text_box(pdf_doc *d, double x, double y, double w, double h, const char *text, const pdf_style *st, double *shrunk_pt);
/* Height in mm that text takes when wrapped to w at the style's size (nothing drawn). */
double pdf_text_height(pdf_doc *d, double w, const char *text, const pdf_style *st);
/* Text flowing down from *y within x..x+w, each paragraph's first line indented by indent_mm; a line that would cross bottom continues on a new page at top. *y gets the position under the last line. */
void pdf_text_flow(pdf_doc *d, double x, double *y, double w, double top, double bottom, double indent_mm, const char *text, const pdf_style *st);
/* A straight line of width_mm from (x1,y1) to (x2,y2). */
void pdf_line(pdf_doc *d, double x1, double y1, double x2, double y2, double width_mm);
/* The outline of a rectangle. */
void pdf_rect(pdf_doc *d, double x, double y, double w, double h, double width_mm);
/* A check mark (✓, as text, so it can be extracted) centred in the box x,y,w,h at size_pt. */
void pdf_check_mark(pdf_doc *d, double x, double y, double w, double h, double size_pt, const char *family);

/* True when family (with fontconfig's fallback) has a glyph for every character of sample. */
bool pdf_font_covers(const char *family, const char *sample);
/* Drop Pango's, fontconfig's and cairo's process-wide caches (for leak checkers at exit); no pdf_doc may be open. */
void pdf_shutdown(void);

#endif

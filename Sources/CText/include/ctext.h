#ifndef CTEXT_H
#define CTEXT_H
/* Text drawing for the inspection contact sheet through FreeType: plain functions with a
 * status and a message, no longjmp, no callbacks. */
#include <stddef.h>

enum { CTEXT_OK = 0, CTEXT_ERR = 1, CTEXT_MSG_SIZE = 256 };

typedef struct ctext_font ctext_font;

/** Opens the TrueType/OpenType font at `path` at `pixel_size` pixels per em. On failure
 *  returns CTEXT_ERR with a message naming the file and FreeType's reason. */
int ctext_open(const char *path, int pixel_size, ctext_font **out, char *msg, size_t msg_len);

/** Advance width in pixels of UTF-8 `text` (kerning included), and the font's ascent and
 *  descent (positive, pixels). */
int ctext_measure(ctext_font *font, const char *text, int *width, int *ascent, int *descent,
                  char *msg, size_t msg_len);

/** Draws UTF-8 `text` into an interleaved RGB float image (`img_w * img_h * 3` samples in
 *  [0, 1]) with the pen at (`x`, `baseline`), blending colour (`r`, `g`, `b`) by glyph
 *  coverage (anti-aliased), clipped to the image and to columns below `max_x`. */
int ctext_draw(ctext_font *font, const char *text, float *rgb, int img_w, int img_h, int x,
               int baseline, int max_x, float r, float g, float b, char *msg, size_t msg_len);

/** Frees the font and its FreeType library; NULL is ignored. */
void ctext_close(ctext_font *font);

#endif

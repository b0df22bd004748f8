#include "ctext.h"
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

struct ctext_font {
    FT_Library lib;
    FT_Face face;
};

static void set_msg(char *msg, size_t len, const char *what, int code) {
    if (!msg || !len) return;
    const char *reason = FT_Error_String(code);
    if (reason) snprintf(msg, len, "%s: %s", what, reason);
    else snprintf(msg, len, "%s (FreeType error %d)", what, code);
}

/* Next code point of UTF-8 `*p` (U+FFFD for malformed input); advances `*p`. */
static uint32_t next_cp(const unsigned char **p) {
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0) { *p = s + 1; return 0xFFFD; }
    if (n > 0) c &= 0x3F >> n;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) { *p = s + i; return 0xFFFD; }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + n + 1;
    return c;
}

int ctext_open(const char *path, int pixel_size, ctext_font **out, char *msg, size_t msg_len) {
    *out = NULL;
    ctext_font *f = calloc(1, sizeof *f);
    if (!f) { snprintf(msg, msg_len, "out of memory"); return CTEXT_ERR; }
    int e = FT_Init_FreeType(&f->lib);
    if (e) { set_msg(msg, msg_len, "cannot start FreeType", e); free(f); return CTEXT_ERR; }
    e = FT_New_Face(f->lib, path, 0, &f->face);
    if (e) {
        char what[200];
        snprintf(what, sizeof what, "cannot open font %s", path);
        set_msg(msg, msg_len, what, e);
        FT_Done_FreeType(f->lib); free(f);
        return CTEXT_ERR;
    }
    e = FT_Set_Pixel_Sizes(f->face, 0, (FT_UInt)pixel_size);
    if (e) { set_msg(msg, msg_len, "cannot size the font", e); ctext_close(f); return CTEXT_ERR; }
    *out = f;
    return CTEXT_OK;
}

/* Walks `text`, calling `glyph` (when non-NULL) with each rendered glyph at pen `x`. */
static int walk(ctext_font *f, const char *text, int *pen_out, float *rgb, int w, int h, int x0,
                int baseline, int max_x, const float colour[3], char *msg, size_t msg_len) {
    FT_Face face = f->face;
    int pen = x0;
    FT_UInt prev = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        uint32_t cp = next_cp(&p);
        FT_UInt gi = FT_Get_Char_Index(face, cp);
        if (prev && gi && FT_HAS_KERNING(face)) {
            FT_Vector k;
            if (!FT_Get_Kerning(face, prev, gi, FT_KERNING_DEFAULT, &k)) pen += (int)(k.x >> 6);
        }
        int e = FT_Load_Glyph(face, gi, rgb ? FT_LOAD_RENDER : FT_LOAD_DEFAULT);
        if (e) { set_msg(msg, msg_len, "cannot render a glyph", e); return CTEXT_ERR; }
        FT_GlyphSlot g = face->glyph;
        if (rgb) {
            FT_Bitmap *bm = &g->bitmap;
            int left = pen + g->bitmap_left, top = baseline - g->bitmap_top;
            for (unsigned row = 0; row < bm->rows; row++) {
                int y = top + (int)row;
                if (y < 0 || y >= h) continue;
                for (unsigned col = 0; col < bm->width; col++) {
                    int x = left + (int)col;
                    if (x < 0 || x >= w || x >= max_x) continue;
                    float a = bm->buffer[row * bm->pitch + col] / 255.0f;
                    float *d = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
                    for (int c = 0; c < 3; c++) d[c] = d[c] * (1 - a) + colour[c] * a;
                }
            }
        }
        pen += (int)(g->advance.x >> 6);
        prev = gi;
    }
    *pen_out = pen - x0;
    return CTEXT_OK;
}

int ctext_measure(ctext_font *f, const char *text, int *width, int *ascent, int *descent,
                  char *msg, size_t msg_len) {
    *ascent = (int)(f->face->size->metrics.ascender >> 6);
    *descent = (int)(-(f->face->size->metrics.descender >> 6));
    const float none[3] = {0, 0, 0};
    return walk(f, text, width, NULL, 0, 0, 0, 0, 0, none, msg, msg_len);
}

int ctext_draw(ctext_font *f, const char *text, float *rgb, int img_w, int img_h, int x,
               int baseline, int max_x, float r, float g, float b, char *msg, size_t msg_len) {
    const float colour[3] = {r, g, b};
    int width = 0;
    return walk(f, text, &width, rgb, img_w, img_h, x, baseline, max_x, colour, msg, msg_len);
}

void ctext_close(ctext_font *f) {
    if (!f) return;
    if (f->face) FT_Done_Face(f->face);
    if (f->lib) FT_Done_FreeType(f->lib);
    free(f);
}

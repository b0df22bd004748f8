/* decode_floor: the benchmark's lower bound for thumbnailing — decode each file with
 * libjpeg (at the DCT scale poolpipe would use for --size N) or libpng (full decode, the
 * same expansions as poolpipe), rows read into one buffer and discarded. No pooling, no
 * float conversion, no encoding. Build: gcc -O2 tools/decode_floor.c -lpng -ljpeg
 * Usage: decode_floor SIZE FILE...   (exit 1 if any file fails to decode) */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <png.h>

struct jerr { struct jpeg_error_mgr pub; jmp_buf jump; };
static void jexit(j_common_ptr c) { longjmp(((struct jerr *)c->err)->jump, 1); }

static int decode_jpeg(FILE *f, int size) {
    struct jpeg_decompress_struct d;
    struct jerr e;
    unsigned char *row = NULL;
    d.err = jpeg_std_error(&e.pub);
    e.pub.error_exit = jexit;
    if (setjmp(e.jump)) { jpeg_destroy_decompress(&d); free(row); return 1; }
    jpeg_create_decompress(&d);
    jpeg_stdio_src(&d, f);
    jpeg_read_header(&d, TRUE);
    unsigned long longest = d.image_width > d.image_height ? d.image_width : d.image_height;
    int denom = 1;
    for (int k = 8; k >= 2; k /= 2)
        if ((longest + k - 1) / k >= 3UL * (unsigned long)size) { denom = k; break; }
    d.scale_num = 1;
    d.scale_denom = denom;
    jpeg_start_decompress(&d);
    row = malloc((size_t)d.output_width * d.output_components);
    while (d.output_scanline < d.output_height) jpeg_read_scanlines(&d, &row, 1);
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    free(row);
    return 0;
}

static int decode_png(FILE *f) {
    png_structp p = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(p);
    unsigned char *row = NULL;
    if (setjmp(png_jmpbuf(p))) { png_destroy_read_struct(&p, &info, NULL); free(row); return 1; }
    png_init_io(p, f);
    png_read_info(p, info);
    png_set_expand(p);                 /* palette → RGB, low-bit gray → 8-bit, tRNS → alpha */
    int passes = png_set_interlace_handling(p);
    png_read_update_info(p, info);
    size_t rowbytes = png_get_rowbytes(p, info);
    png_uint_32 h = png_get_image_height(p, info);
    if (passes > 1) {                  /* Adam7 needs the whole image */
        unsigned char *img = malloc(rowbytes * h);
        png_bytep *rows = malloc(sizeof(png_bytep) * h);
        for (png_uint_32 y = 0; y < h; y++) rows[y] = img + y * rowbytes;
        png_read_image(p, rows);
        free(rows); free(img);
    } else {
        row = malloc(rowbytes);
        for (png_uint_32 y = 0; y < h; y++) png_read_row(p, row, NULL);
    }
    png_read_end(p, NULL);
    png_destroy_read_struct(&p, &info, NULL);
    free(row);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: decode_floor SIZE FILE...\n"); return 2; }
    int size = atoi(argv[1]), failed = 0;
    for (int i = 2; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        unsigned char magic[2] = {0, 0};
        if (!f || fread(magic, 1, 2, f) != 2) { failed = 1; if (f) fclose(f); continue; }
        rewind(f);
        int bad = magic[0] == 0xFF && magic[1] == 0xD8 ? decode_jpeg(f, size) : decode_png(f);
        if (bad) { fprintf(stderr, "decode_floor: %s failed\n", argv[i]); failed = 1; }
        fclose(f);
    }
    return failed;
}

/* FreeType's headers, found through pkg-config (freetype2); only CText includes them. */
#include <ft2build.h>
#include FT_FREETYPE_H

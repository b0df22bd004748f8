#ifndef CCODECS_H
#define CCODECS_H
int cc_version(void);
#endif

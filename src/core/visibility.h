/* visibility.h - marks the symbols librk exports; everything else is hidden. */
#ifndef RK_VISIBILITY_H
#define RK_VISIBILITY_H
#if defined(__GNUC__)
#define RK_API __attribute__((visibility("default")))
#else
#define RK_API
#endif
#endif

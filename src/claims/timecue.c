/* timecue.c - calendar arithmetic for time cues: publication dates as day
 * numbers, weekdays, and ISO dates back out. Proleptic Gregorian calendar. */
#include "engine_int.h"
#include "../core/buf.h"

#include <stdio.h>

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int is_digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int rk_claims_parse_date(const char *s)
{
    if (!s || !is_digits(s, 4) || s[4] != '-' || !is_digits(s + 5, 2) || s[7] != '-' ||
        !is_digits(s + 8, 2))
        return INT32_MIN;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return INT32_MIN;
    return days_from_civil(y, m, d);
}

void rk_claims_format_date(int z, char *buf)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    /* By hand: printf costs more than the rest of a claim's date. */
    rk_fmt_u64((unsigned)y % 10000u, 4, buf);
    buf[4] = '-';
    rk_fmt_u64((unsigned)m % 13u, 2, buf + 5);
    buf[7] = '-';
    rk_fmt_u64((unsigned)d % 32u, 2, buf + 8);
}

int rk_claims_weekday(int days)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int w = (days + 3) % 7;
    if (w < 0)
        w += 7;
    return w + 1;
}

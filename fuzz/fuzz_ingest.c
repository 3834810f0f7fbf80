/* fuzz_ingest.c - one ingest format (FUZZ_FORMAT, set by the build) read from
 * arbitrary bytes: it must never crash, and every document it returns must
 * keep the provenance promises of document.h. */
#include "fuzz.h"

#include <stdlib.h>

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT RK_FORMAT_NONE
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rk_ingest_options o = {0};
    o.force_format = FUZZ_FORMAT;
    o.no_sidecar = 1;
    rk_doclist docs = {0};
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_ingest_buffer("fuzz-input", (const char *)data, size, &o, &docs, NULL,
                                    NULL, &e);
    if (st != RK_OK)
        FUZZ_CHECK(docs.n == 0 && e.code == st && e.message[0] != '\0');
    for (size_t i = 0; i < docs.n; i++) {
        fuzz_check_document(docs.docs[i], data, size);
        FUZZ_CHECK(docs.docs[i]->format == FUZZ_FORMAT || FUZZ_FORMAT == RK_FORMAT_NONE);
    }
    rk_doclist_free(&docs);
    return 0;
}

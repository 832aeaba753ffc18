/* export.h — internal helpers shared by the output formats. */
#ifndef AN_EXPORT_H
#define AN_EXPORT_H

#include "core/doc.h"
#include "text/text.h"

an_status an_json_string(an_buf *o, const char *p, size_t n);
an_status an_json_span_or_null(an_buf *o, an_span s);
const char *an_boilerplate_kind_name(an_boilerplate_kind k);

#endif

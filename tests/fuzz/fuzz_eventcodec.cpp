// SPDX-License-Identifier: MIT
// libFuzzer target: the event payload decoder and its upcasters (see fuzzentries.h).
#include "fuzzentries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    OrderDesk::Fuzz::eventCodec(data, size);
    return 0;
}

// SPDX-License-Identifier: MIT
// libFuzzer target: the command parser orderdeskctl uses, and command validation.
#include "fuzzentries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    OrderDesk::Fuzz::commandParser(data, size);
    return 0;
}

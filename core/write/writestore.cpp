// SPDX-License-Identifier: MIT
#include "writestore.h"

#include "postgreswritestore.h"
#include "sqlitewritestore.h"

namespace OrderDesk {

std::unique_ptr<WriteStore> createWriteStore(const WriteStoreConfig &config)
{
    if (!config.databaseUrl.isEmpty())
        return std::make_unique<PostgresWriteStore>(config);
    return std::make_unique<SqliteWriteStore>(config);
}

} // namespace OrderDesk

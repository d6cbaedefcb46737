// SPDX-License-Identifier: MIT
#include "desktopintegration.h"

namespace OrderDesk {

using namespace Qt::StringLiterals;

QString applicationId()
{
    return QStringLiteral(ORDERDESK_APP_ID);
}

QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : {16, 32, 48, 128, 256})
        icon.addFile(u":/icons/orderdesk-%1.png"_s.arg(size), QSize(size, size));
    return icon;
}

} // namespace OrderDesk

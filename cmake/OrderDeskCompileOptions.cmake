# SPDX-License-Identifier: MIT
# Compile settings every OrderDesk target shares: strict Qt macros and warnings.

add_library(orderdesk_compile_options INTERFACE)
add_library(OrderDesk::CompileOptions ALIAS orderdesk_compile_options)

target_compile_definitions(orderdesk_compile_options INTERFACE
    QT_NO_KEYWORDS
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_FOREACH
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
)

if(MSVC)
    target_compile_options(orderdesk_compile_options INTERFACE /W4 /permissive- /utf-8)
    if(ORDERDESK_WERROR)
        target_compile_options(orderdesk_compile_options INTERFACE /WX)
    endif()
else()
    target_compile_options(orderdesk_compile_options INTERFACE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
    if(ORDERDESK_WERROR)
        target_compile_options(orderdesk_compile_options INTERFACE -Werror)
    endif()
endif()

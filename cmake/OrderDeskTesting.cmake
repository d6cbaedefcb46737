# SPDX-License-Identifier: MIT
# One helper registers every test executable with CTest, so each test is built and run the same way.

# orderdesk_add_test(<name> SOURCES <files...> [LIBRARIES <targets...>] [LABELS <labels...>]
#                    [TIMEOUT <seconds>])
# Builds tst_<name> from the given sources, links it with Qt Test and the core library, and
# registers it with CTest. Tests run offscreen so that no display is needed. Tests labelled
# "postgres" need ORDERDESK_TEST_PG_URL (scripts/test provides it) and are reported as skipped
# without it.
function(orderdesk_add_test name)
    cmake_parse_arguments(arg "" "TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    set(target tst_${name})
    qt_add_executable(${target} ${arg_SOURCES})
    set_target_properties(${target} PROPERTIES MACOSX_BUNDLE OFF WIN32_EXECUTABLE OFF)
    target_link_libraries(${target} PRIVATE
        Qt6::Test OrderDesk::Core OrderDesk::CompileOptions ${arg_LIBRARIES})
    add_test(NAME ${name} COMMAND ${target})
    if(NOT arg_TIMEOUT)
        set(arg_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${arg_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=orderdesk.*.debug=false"
        LABELS "${arg_LABELS}")
    if("postgres" IN_LIST arg_LABELS)
        # Without a server such a test skips itself with this reason; ctest shows it as not
        # run instead of passed.
        set_tests_properties(${name} PROPERTIES
            SKIP_REGULAR_EXPRESSION "PostgreSQL tests need a server")
    endif()
endfunction()

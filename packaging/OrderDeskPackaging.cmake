# SPDX-License-Identifier: MIT
# Installers, made with CPack: DEB, RPM and TGZ on Linux; NSIS and WiX (MSI) on Windows; a
# DragNDrop disk image on macOS. Included by the top-level CMakeLists.txt after every target and
# install rule exists. `cpack` in the build directory makes the platform's default set;
# scripts/package does it for Linux, .github/workflows/release.yml for all three platforms.

set(ORDERDESK_PACKAGE_CONTACT "The OrderDesk authors <orderdesk@users.noreply.github.com>"
    CACHE STRING "Maintainer named in the Linux packages")

# --- Files that go with the binaries -------------------------------------------------------

if(UNIX AND NOT APPLE)
    # Debian policy wants /usr/share/doc/<package>/copyright (machine-readable, made from LICENSE
    # so the two never differ) and a compressed changelog.Debian.
    set(_docdir "${CMAKE_INSTALL_DATADIR}/doc/orderdesk")
    set(_metainfo_file "${PROJECT_SOURCE_DIR}/resources/linux/${ORDERDESK_APP_ID}.metainfo.xml")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
        "${PROJECT_SOURCE_DIR}/LICENSE" "${_metainfo_file}")
    file(READ "${PROJECT_SOURCE_DIR}/LICENSE" _license)
    string(STRIP "${_license}" _license)
    string(REGEX REPLACE "\n\n+" "\n.\n" _license "${_license}")
    string(REPLACE "\n" "\n " _license " ${_license}")
    file(CONFIGURE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/packaging/copyright"
        CONTENT [[Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: OrderDesk
Source: @PROJECT_HOMEPAGE_URL@

Files: *
Copyright: 2026 The OrderDesk authors
License: Expat
@_license@
]] @ONLY)

    # The changelog points to the release notes in the AppStream metainfo and takes its date
    # from there, so a release is described in one place.
    file(READ "${_metainfo_file}" _metainfo)
    if(_metainfo MATCHES "<release version=\"${PROJECT_VERSION}\" date=\"([0-9-]+)\"")
        set(_release_date "${CMAKE_MATCH_1}")
    else()
        message(WARNING "The AppStream metainfo has no <release> for ${PROJECT_VERSION}: "
            "add one to resources/linux/${ORDERDESK_APP_ID}.metainfo.xml")
        string(TIMESTAMP _release_date "%Y-%m-%d" UTC)
    endif()
    execute_process(COMMAND date --utc --rfc-email --date "${_release_date} 12:00"
        OUTPUT_VARIABLE _changelog_date OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
    file(CONFIGURE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.Debian"
        CONTENT [[orderdesk (@PROJECT_VERSION@-1) unstable; urgency=medium

  * OrderDesk @PROJECT_VERSION@. Release notes:
    /usr/share/metainfo/@ORDERDESK_APP_ID@.metainfo.xml

 -- @ORDERDESK_PACKAGE_CONTACT@  @_changelog_date@
]] @ONLY)
    execute_process(COMMAND gzip -9 --no-name --stdout changelog.Debian
        WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/packaging"
        OUTPUT_FILE changelog.Debian.gz COMMAND_ERROR_IS_FATAL ANY)
    install(FILES
        "${CMAKE_CURRENT_BINARY_DIR}/packaging/copyright"
        "${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.Debian.gz"
        DESTINATION "${_docdir}")

    # qt_standard_project_setup() gives installed executables the RUNPATH $ORIGIN:$ORIGIN/../lib
    # for self-contained trees. The Linux packages use the system's Qt from the default search
    # path, and distributions reject a RUNPATH they don't need (rpmlint: an error).
    set_target_properties(orderdesk orderdeskctl PROPERTIES INSTALL_RPATH "")
endif()

if(WIN32 AND MSVC)
    # The MSVC runtime DLLs next to the executables (app-local), so the installers need no
    # separate Visual C++ redistributable.
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION "${CMAKE_INSTALL_BINDIR}")
    include(InstallRequiredSystemLibraries)
endif()

# --- Common settings ------------------------------------------------------------------------

configure_file("${PROJECT_SOURCE_DIR}/LICENSE" "${CMAKE_CURRENT_BINARY_DIR}/packaging/LICENSE.txt"
    COPYONLY) # WiX accepts only .txt or .rtf licence files
set(_icon_dir "${PROJECT_SOURCE_DIR}/resources/icons")

set(CPACK_VERBATIM_VARIABLES ON)
# What Windows' Apps list and the installer file names show; Linux package names are lowercase.
set(CPACK_PACKAGE_NAME OrderDesk)
set(CPACK_PACKAGE_VENDOR "The OrderDesk authors")
set(CPACK_PACKAGE_CONTACT "${ORDERDESK_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Back-office orders with visible eventual consistency")
set(CPACK_PACKAGE_DESCRIPTION_FILE "${CMAKE_CURRENT_LIST_DIR}/description.txt")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_CURRENT_BINARY_DIR}/packaging/LICENSE.txt")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "OrderDesk")
# Start-menu entry (NSIS, WiX) for bin/orderdesk, named OrderDesk. No desktop link and no PATH
# change: NSIS offers both only on its options page, whose PATH editing truncates long PATHs.
set(CPACK_PACKAGE_EXECUTABLES orderdesk OrderDesk)
set(CPACK_STRIP_FILES ON)

if(WIN32)
    set(CPACK_GENERATOR NSIS WIX)
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
else()
    set(CPACK_GENERATOR DEB RPM TGZ)
endif()

set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\.git" "/build[^/]*/" "/dist/" "/out/" "\\.user$")

# --- Linux -----------------------------------------------------------------------------------

set(CPACK_DEBIAN_PACKAGE_NAME orderdesk)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
# dpkg-shlibdeps finds the Qt libraries the binaries link; it cannot see the plugins Qt loads at
# run time: the SQLite driver, and the xcb platform plugin that libqt6gui6 only recommends.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins")
# The PostgreSQL driver, for desktops that share a server (Settings); the embedded store does
# not need it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libqt6sql6-psql")

set(CPACK_RPM_PACKAGE_NAME orderdesk)
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE MIT)
set(CPACK_RPM_PACKAGE_GROUP "Applications/Productivity")
set(CPACK_RPM_SPEC_MORE_DEFINE "%define packager ${ORDERDESK_PACKAGE_CONTACT}")
# Directories other packages own (filesystem, hicolor-icon-theme) must not be claimed.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/man
    /usr/share/man/man1
    /usr/share/applications
    /usr/share/metainfo
    /usr/share/icons
    /usr/share/icons/hicolor)
foreach(_size IN ITEMS 48x48 128x128 256x256 scalable)
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/icons/hicolor/${_size} /usr/share/icons/hicolor/${_size}/apps)
endforeach()

# --- Windows ---------------------------------------------------------------------------------

file(TO_NATIVE_PATH "${_icon_dir}/orderdesk.ico" _ico)
set(CPACK_NSIS_PACKAGE_NAME "OrderDesk")
set(CPACK_NSIS_DISPLAY_NAME "OrderDesk")
set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
set(CPACK_NSIS_MUI_ICON "${_ico}")
set(CPACK_NSIS_MUI_UNIICON "${_ico}")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\orderdesk.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_HELP_LINK "${PROJECT_HOMEPAGE_URL}/issues")
set(CPACK_NSIS_BRANDING_TEXT "OrderDesk ${PROJECT_VERSION}")
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
# One registry key for every version, so a new installer finds and removes the old one.
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY "OrderDesk")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)

# WiX .NET tool v4 (CMake >= 3.30; older CMake uses WiX v3 and ignores this).
if(NOT DEFINED CPACK_WIX_VERSION)
    set(CPACK_WIX_VERSION 4)
endif()
# Never change the upgrade code: it is how a new MSI recognises an installed OrderDesk.
set(CPACK_WIX_UPGRADE_GUID "1450565C-A726-46B9-9CBB-3391A6857199")
set(CPACK_WIX_PRODUCT_ICON "${_icon_dir}/orderdesk.ico")
set(CPACK_WIX_PROGRAM_MENU_FOLDER "OrderDesk")
set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_WIX_PROPERTY_ARPHELPLINK "${PROJECT_HOMEPAGE_URL}/issues")

# --- macOS -----------------------------------------------------------------------------------

set(CPACK_DMG_VOLUME_NAME "OrderDesk")
if(APPLE)
    # DragNDrop shows it as the volume icon; NSIS would take it as a header bitmap.
    set(CPACK_PACKAGE_ICON "${_icon_dir}/orderdesk.icns")
endif()

include(CPack)

# --- Test ------------------------------------------------------------------------------------

if(ORDERDESK_BUILD_TESTS AND CMAKE_SYSTEM_NAME STREQUAL "Linux")
    add_test(NAME packaging
        COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/check-deb.sh"
            "${CMAKE_BINARY_DIR}" "${PROJECT_VERSION}" "${ORDERDESK_APP_ID}")
    set_tests_properties(packaging PROPERTIES LABELS packaging TIMEOUT 300)
endif()

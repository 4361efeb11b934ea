# Debian packages of ProcLab through CPack's DEB generator (`make package`, or `cpack` in the build
# tree). Every install() rule belongs to one component, and each component is one package:
#
#   proclab         (component proclab, the default) the window, proclab-cli, proclab-worker, the
#                   lessons, the desktop file, AppStream metadata, icons, manual pages, bash completion
#   libproclab-dev  (component dev) headers, the static library, the CMake package (find_package)
#   proclab-python  (component python, when the bridge is built) the Python bridge (proclab_watch)
#
# Run-time dependencies of the programs come from dpkg-shlibdeps; the rest are listed here. The
# programs are stripped into the packages (CPACK_STRIP_FILES), the static library keeps no debug
# information (see core/CMakeLists.txt).

include_guard(GLOBAL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME proclab)
set(CPACK_PACKAGE_VENDOR "The ProcLab developers")
set(CPACK_PACKAGE_CONTACT "The ProcLab developers <proclab@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# CPack's own default: CPackDeb then takes each package's summary from the first line of its
# description below instead of prepending the project's description to all of them.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/proclab/proclab")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # name_version_arch.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON) # CPACK_COMPONENT_<C>_DEPENDS become "Depends: name (= version)"
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_COMPONENTS_ALL proclab dev)
if(TARGET proclab_python_bridge)
    list(APPEND CPACK_COMPONENTS_ALL python)
endif()

# proclab: the desktop program and the terminal one.
set(CPACK_DEBIAN_PROCLAB_PACKAGE_NAME proclab)
set(CPACK_DEBIAN_PROCLAB_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PROCLAB_DESCRIPTION
    "desktop laboratory for processes: launch them and watch them live
ProcLab launches processes, pools and queues and shows them live: PIDs,
states, exit codes, queue depths, who waits on what, and a timeline per pool
worker. It re-creates Python's multiprocessing in C++20 and teaches it
through 20 lessons in English and Simplified Chinese, each with its Python
code and a C++ twin that run for real, step by step.
.
This package holds the window (proclab), the terminal front end
(proclab-cli: sessions, top, the lessons), the worker host (proclab-worker),
the lessons, the translations, the desktop integration and the manuals.")
# Qt's own translations (standard buttons in Chinese) and a font with Chinese characters.
set(CPACK_DEBIAN_PROCLAB_PACKAGE_RECOMMENDS "qt6-translations-l10n, fonts-wqy-microhei | fonts-noto-cjk")
if(TARGET proclab_python_bridge)
    set(CPACK_DEBIAN_PROCLAB_PACKAGE_SUGGESTS proclab-python)
endif()

# libproclab-dev: proclab::core for other projects (find_package(ProcLab)).
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libproclab-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# What ProcLabConfig.cmake finds and the static library links: cereal (task arguments), OpenSSL's
# libcrypto (Manager authentication), libproc2 (the process table).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libcereal-dev, libssl-dev, libproc2-dev")
# proclab::mpi (find_package(ProcLab COMPONENTS mpi)) needs Open MPI's development files.
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "libopenmpi-dev")
set(CPACK_DEBIAN_DEV_DESCRIPTION
    "Python's multiprocessing in C++20: development files of ProcLab's core
proclab::core re-creates what Python's multiprocessing offers (processes,
queues, pipes, locks, shared values, pools, managers) under the same names,
natively, fast and crash-safe, and records every process and object in a
session that ProcLab's window and proclab-cli show live.
.
This package holds the headers (#include <proclab/proclab.h>), the static
library and the CMake package: find_package(ProcLab) and
target_link_libraries(... proclab::core).")

# proclab-python: the bridge that shows unmodified Python programs live.
set(CPACK_DEBIAN_PYTHON_PACKAGE_NAME proclab-python)
set(CPACK_DEBIAN_PYTHON_PACKAGE_SECTION python)
set(CPACK_COMPONENT_PYTHON_DEPENDS proclab)
if(TARGET proclab_python_bridge)
    # The module is built for this Python's ABI (_bridge.cpython-3XX-...so): python/ found it.
    find_package(Python3 REQUIRED COMPONENTS Interpreter)
    if(NOT Python3_EXECUTABLE MATCHES "^/usr/bin/")
        message(STATUS "proclab-python: the bridge is built with ${Python3_EXECUTABLE} "
                       "(${Python3_VERSION}), not Debian's /usr/bin/python3; the package depends on "
                       "python3 ${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR} (-DPython3_EXECUTABLE=/usr/bin/python3 for Debian's)")
    endif()
    math(EXPR next_minor "${Python3_VERSION_MINOR} + 1")
    set(CPACK_DEBIAN_PYTHON_PACKAGE_DEPENDS
        "python3 (>= ${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR}~), python3 (<< ${Python3_VERSION_MAJOR}.${next_minor})")
endif()
set(CPACK_DEBIAN_PYTHON_DESCRIPTION
    "ProcLab's Python bridge: watch multiprocessing programs live
proclab_watch shows an unmodified Python multiprocessing program live in a
ProcLab session: its processes, queues, pipes, locks, managers and pools
appear in ProcLab's window and in proclab-cli top, under every start method.
.
It is used by proclab-cli python SCRIPT, the window's Run Python Script and
the Python mode of the lessons; the module is installed for ProcLab's own
use (lib/proclab/python), not on Python's path.")

# Every package carries the license as Debian expects it: /usr/share/doc/<package>/copyright.
foreach(component IN LISTS CPACK_COMPONENTS_ALL)
    string(TOUPPER ${component} upper)
    install(FILES ${PROJECT_SOURCE_DIR}/LICENSE RENAME copyright
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${CPACK_DEBIAN_${upper}_PACKAGE_NAME} COMPONENT ${component})
endforeach()

include(CPack)

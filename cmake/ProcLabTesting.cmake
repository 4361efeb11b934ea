# How ProcLab's tests are built and registered with CTest (as reproc's cmake/reproc.cmake and
# KDE's ecm_add_test do it). Every test is named <label>.<name> and labelled <label>:
#   core.tst_process   ui.tst_main_window   lessons.tst_lessons   bench.bench_pool_smoke
#   fuzz.manager_request   install.consumer
# so that `ctest -L core` or `ctest -R '^ui\.'` select a part.

include_guard(GLOBAL)

find_program(PROCLAB_XVFB_RUN xvfb-run)
# Every test's timeout is multiplied by this (the sanitizer trees run several times slower).
set(PROCLAB_TEST_TIMEOUT_FACTOR 1 CACHE STRING "Multiplies every test's timeout")
set(PROCLAB_TEST_LABELS core ui lessons python bench fuzz install mpi)

# proclab_add_test_command(<name> LABEL <label> COMMAND <command> [<arg>...]
#                          [TIMEOUT <seconds>] [LABELS <extra label>...] [ENVIRONMENT <VAR=value>...] [XVFB])
# Registers the ctest <label>.<name> running COMMAND, labelled <label> and LABELS, with
# QT_QPA_PLATFORM=offscreen and ENVIRONMENT. XVFB: runs COMMAND on a virtual X server (xvfb-run,
# QT_QPA_PLATFORM=xcb); without xvfb-run the test is not registered.
function(proclab_add_test_command name)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "XVFB" "LABEL;TIMEOUT" "COMMAND;LABELS;ENVIRONMENT")
    if(NOT ARG_LABEL IN_LIST PROCLAB_TEST_LABELS OR NOT ARG_COMMAND)
        message(FATAL_ERROR "proclab_add_test_command(${name}): LABEL (one of ${PROCLAB_TEST_LABELS}) "
                            "and COMMAND are required")
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    math(EXPR ARG_TIMEOUT "${ARG_TIMEOUT} * ${PROCLAB_TEST_TIMEOUT_FACTOR}")
    set(platform offscreen)
    if(ARG_XVFB)
        if(NOT PROCLAB_XVFB_RUN)
            message(STATUS "xvfb-run not found: ${ARG_LABEL}.${name} skipped")
            return()
        endif()
        list(PREPEND ARG_COMMAND ${PROCLAB_XVFB_RUN} -a -s "-screen 0 1280x800x24")
        set(platform xcb)
    endif()
    set(labels ${ARG_LABEL} ${ARG_LABELS})
    set(environment QT_QPA_PLATFORM=${platform} ${ARG_ENVIRONMENT})
    add_test(NAME ${ARG_LABEL}.${name} COMMAND ${ARG_COMMAND})
    set_tests_properties(${ARG_LABEL}.${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT} LABELS "${labels}"
                                                         ENVIRONMENT "${environment}")
endfunction()

# proclab_add_test(<name> LABEL core|ui|lessons [SOURCES <file>...] [LIBS <lib>...]
#                  [HELPERS <target>...] [DEFINES <NAME=value>...] [ARGS <arg>...] [TIMEOUT <seconds>]
#                  [LABELS <extra label>...] [ENVIRONMENT <VAR=value>...] [XVFB])
# The Qt Test executable <name> (SOURCES, by default <name>.cpp; AUTOMOC on), linked with
# Qt6::Test, proclab::options, the test support library (LeakCheckedTest, test_main.h) and LIBS,
# and its ctest <label>.<name> (see proclab_add_test_command; ARGS follow the program).
# HELPERS: programs the test runs, each known by its path as a compile definition named after it
# (helper_exit: PROCLAB_HELPER_EXIT="$<TARGET_FILE:helper_exit>", proclab-cli: PROCLAB_CLI) and
# built before the test, as is proclab-tracker (every ProcLab program starts one).
function(proclab_add_test name)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "XVFB" "LABEL;TIMEOUT"
                          "SOURCES;LIBS;HELPERS;DEFINES;ARGS;LABELS;ENVIRONMENT")
    if(NOT ARG_SOURCES)
        set(ARG_SOURCES ${name}.cpp)
    endif()
    add_executable(${name} ${ARG_SOURCES})
    set_property(GLOBAL APPEND PROPERTY PROCLAB_TEST_TARGETS_${ARG_LABEL} ${name})
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    target_link_libraries(${name} PRIVATE proclab_test_support Qt6::Test proclab::options ${ARG_LIBS})
    target_compile_definitions(${name} PRIVATE ${ARG_DEFINES})
    foreach(helper IN LISTS ARG_HELPERS)
        string(MAKE_C_IDENTIFIER "${helper}" macro)
        string(TOUPPER "${macro}" macro)
        if(NOT macro MATCHES "^PROCLAB_")
            set(macro PROCLAB_${macro})
        endif()
        target_compile_definitions(${name} PRIVATE ${macro}="$<TARGET_FILE:${helper}>")
        add_dependencies(${name} ${helper})
    endforeach()
    if(TARGET proclab-tracker) # every ProcLab program starts it
        add_dependencies(${name} proclab-tracker)
    endif()
    set(xvfb)
    if(ARG_XVFB)
        set(xvfb XVFB)
    endif()
    proclab_add_test_command(${name} LABEL ${ARG_LABEL} COMMAND $<TARGET_FILE:${name}> ${ARG_ARGS}
                             TIMEOUT ${ARG_TIMEOUT} LABELS ${ARG_LABELS} ENVIRONMENT ${ARG_ENVIRONMENT} ${xvfb})
endfunction()

# proclab_add_test_group_targets(): the targets tests_<label> (tests_core, tests_lessons, ...), each
# building the executables of that label's tests with their helpers, so that a tree builds only
# what it runs (the sanitizer trees: `cmake --build build-asan --target tests_core`).
function(proclab_add_test_group_targets)
    foreach(label IN LISTS PROCLAB_TEST_LABELS)
        get_property(targets GLOBAL PROPERTY PROCLAB_TEST_TARGETS_${label})
        if(targets)
            add_custom_target(tests_${label})
            add_dependencies(tests_${label} ${targets})
        endif()
    endforeach()
endfunction()

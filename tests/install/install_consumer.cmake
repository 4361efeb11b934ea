# cmake -DBUILD_DIR=<ProcLab build> -DCONSUMER_DIR=<consumer sources> -DWORK_DIR=<scratch>
#       -DCXX_COMPILER=<c++> -DNINJA=<ninja> [-DCXX_FLAGS=...] [-DLINKER_FLAGS=...] -P install_consumer.cmake
#
# 1. cmake --install BUILD_DIR into WORK_DIR/prefix
# 2. configure and build the consumer with CMAKE_PREFIX_PATH=WORK_DIR/prefix (Ninja)
# 3. run it and expect "consumer ok"; consumer_mpi too, when the installation has proclab::mpi
#    (as root, Open MPI spawns only with OMPI_ALLOW_RUN_AS_ROOT*: set here)
# WORK_DIR is removed at the end, whatever the outcome.
foreach(var BUILD_DIR CONSUMER_DIR WORK_DIR CXX_COMPILER NINJA)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "install_consumer.cmake: -D${var}=... is required")
    endif()
endforeach()

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/consumer-build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# Runs one step; on failure prints its output, removes WORK_DIR and fails the test.
function(run_step what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc STREQUAL "0")
        file(REMOVE_RECURSE ${WORK_DIR})
        message(FATAL_ERROR "${what} failed (${rc})\n--- stdout\n${out}\n--- stderr\n${err}")
    endif()
    message(STATUS "${what}: ok")
    set(step_output "${out}" PARENT_SCOPE)
endfunction()

run_step("install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
run_step("configure consumer" ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${consumer_build} -G Ninja
         -DCMAKE_MAKE_PROGRAM=${NINJA} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
         "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}"
         -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix})
run_step("build consumer" ${CMAKE_COMMAND} --build ${consumer_build})

# Runs the consumer's program `name` and expects it to print "<name> ok".
function(run_program name)
    run_step("run ${name}" ${consumer_build}/${name})
    if(NOT step_output MATCHES "${name} ok")
        file(REMOVE_RECURSE ${WORK_DIR})
        message(FATAL_ERROR "${name} ran but did not print \"${name} ok\":\n${step_output}")
    endif()
    message(STATUS "${step_output}")
endfunction()

run_program(consumer)
file(GLOB_RECURSE mpi_targets ${prefix}/*/ProcLabMpiTargets.cmake)
if(mpi_targets)
    if(NOT EXISTS ${consumer_build}/consumer_mpi)
        file(REMOVE_RECURSE ${WORK_DIR})
        message(FATAL_ERROR "proclab::mpi is installed, but find_package(ProcLab OPTIONAL_COMPONENTS mpi) did not find it")
    endif()
    set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
    set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
    set(ENV{OMPI_MCA_rmaps_base_oversubscribe} 1)
    run_program(consumer_mpi)
endif()
file(REMOVE_RECURSE ${WORK_DIR})

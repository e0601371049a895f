# Security tests (issue 5, item 6), included by tests/CMakeLists.txt.

# TestSecurity: keys in URLs, masking in every captured log line (in process and the JSON
# lines of a real `keywardenctl serve`), constant-time comparison, rate-limit and quota
# bypass attempts, the admin API; over real HTTP on loopback, on SQLite and PostgreSQL.
keywarden_add_test(TestSecurity DATABASE LIBS ZLIB::ZLIB)
target_sources(TestSecurity PRIVATE support/KeyLeakScanner.cpp support/KeyLeakScanner.h)
target_compile_definitions(TestSecurity PRIVATE KEYWARDENCTL_PATH="$<TARGET_FILE:keywardenctl>")
add_dependencies(TestSecurity keywardenctl)
set_property(TEST TestSecurity.sqlite TestSecurity.postgresql APPEND PROPERTY LABELS security)

# TestLogScan: "keys masked in every log line the whole test run produced". It reads the
# output CTest recorded of every other test of the run (Testing/Temporary/LastTest*.log.tmp),
# so it must run after all of them, also under `ctest -j N`: every test of this folder
# requires the fixture `keywarden_log_scan`, whose cleanup test it is. CTest then starts it
# only once every test requiring the fixture has finished, and adds it to any selection
# (-R, -L) that contains one of them. The fixture is attached at the end of this folder's
# processing (cmake_language DEFER), so suites included after this file get it too.
add_executable(TestLogScan TestLogScan.cpp support/KeyLeakScanner.cpp support/KeyLeakScanner.h)
target_link_libraries(TestLogScan PRIVATE keywarden_testsupport)
target_compile_definitions(TestLogScan PRIVATE
    KEYWARDEN_CTEST_LOG_DIRS="${CMAKE_BINARY_DIR}/Testing/Temporary|${CMAKE_CURRENT_BINARY_DIR}/Testing/Temporary")
add_test(NAME TestLogScan COMMAND TestLogScan)
set_tests_properties(TestLogScan PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;KEYWARDEN_LANGUAGE=en;LC_ALL=C.UTF-8"
    FIXTURES_CLEANUP keywarden_log_scan
    LABELS "unit;security" TIMEOUT 120)

function(keywarden_require_log_scan)
    get_property(tests DIRECTORY PROPERTY TESTS)
    foreach(test IN LISTS tests)
        if(NOT test STREQUAL "TestLogScan")
            set_property(TEST ${test} APPEND PROPERTY FIXTURES_REQUIRED keywarden_log_scan)
        endif()
    endforeach()
endfunction()
cmake_language(DEFER CALL keywarden_require_log_scan)

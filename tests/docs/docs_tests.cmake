# "Every command in the docs is run by a test, so the docs cannot rot" (issue #5): runs every
# ```sh block of docs/API_KEY_USAGE.md, docs/API_SECURITY.md and docs/DEPLOYMENT.md against
# the keywardenctl built here, with its own validator, PostgreSQL and Redis on free loopback
# ports; commands that need root or other machines (sudo, apt, systemctl, nginx reload,
# docker) are played by the shims in tests/docs/shims/. The convention is in the header of
# run_doc_commands.sh and at the top of each doc.
add_test(NAME DocCommands
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run_doc_commands.sh
        $<TARGET_FILE:keywardenctl> ${CMAKE_SOURCE_DIR})
set_tests_properties(DocCommands PROPERTIES
    ENVIRONMENT "KEYWARDEN_LANGUAGE=en;LC_ALL=C.UTF-8;QT_QPA_PLATFORM=offscreen"
    LABELS "unit"
    TIMEOUT 300)

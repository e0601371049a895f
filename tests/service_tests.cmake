keywarden_add_test(TestOrganizationService DATABASE)
keywarden_add_test(TestApiKeyService DATABASE)
keywarden_add_test(TestDefaultDataSeeder DATABASE)
keywarden_add_test(TestCli DATABASE LIBS keywarden_cli)
# TestCli also runs the real binary: build it first and tell the suite where it is.
add_dependencies(TestCli keywardenctl)
target_compile_definitions(TestCli PRIVATE KEYWARDENCTL_PATH="$<TARGET_FILE:keywardenctl>")
keywarden_add_test(TestUsageRecorder DATABASE)

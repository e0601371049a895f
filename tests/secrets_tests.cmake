# Secrets on the desktop: the self-clearing clipboard, the credential stores and the
# connection dialog (included from tests/CMakeLists.txt).
keywarden_add_test(TestClipboard LIBS keywarden_views)
keywarden_add_test(TestCredentialStore LIBS keywarden_views)
keywarden_add_test(TestConnectionDialog DATABASE LIBS keywarden_views)

# The system keychain for real: scripts/test-keychain.sh starts a private D-Bus session
# with an unlocked gnome-keyring-daemon (packages dbus, gnome-keyring) and runs the suite
# in it, so nothing touches the keychain of the person running the tests.
add_executable(TestQtKeychainReal TestQtKeychainReal.cpp)
target_link_libraries(TestQtKeychainReal PRIVATE keywarden_testsupport keywarden_views)
add_test(NAME TestQtKeychainReal
    COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/test-keychain.sh $<TARGET_FILE:TestQtKeychainReal>)
set_tests_properties(TestQtKeychainReal PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;KEYWARDEN_LANGUAGE=en;LC_ALL=C.UTF-8"
    LABELS "unit;keychain" TIMEOUT 120)

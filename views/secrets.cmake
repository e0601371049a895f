# Secrets on the desktop: the self-clearing clipboard, the credential stores (system
# keychain through QtKeychain, in-memory for tests) and the connection dialog with its
# recent-connections settings. Included from views/CMakeLists.txt.
target_sources(keywarden_views PRIVATE
    Clipboard.cpp Clipboard.h
    ConnectionDialog.cpp ConnectionDialog.h
    ConnectionSettings.cpp ConnectionSettings.h
    CredentialStore.h
    InMemoryCredentialStore.cpp InMemoryCredentialStore.h
    QtKeychainCredentialStore.cpp QtKeychainCredentialStore.h
)
# "Test Connection" runs on the thread pool.
target_link_libraries(keywarden_views PRIVATE Qt6::Concurrent)

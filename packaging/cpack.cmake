# CPack: `cpack -G DEB` in the build folder makes keywarden_<version>_amd64.deb with the
# desktop app, keywardenctl, the .desktop file and icon (translations are compiled into the
# binaries as the resource :/i18n), the systemd unit, the nginx example, the Prometheus rules,
# the Grafana dashboard, the configuration example and the docs. scripts/test-package.sh
# builds it, installs it with dpkg -i and runs the installed binaries.
include(GNUInstallDirs)

set(KEYWARDEN_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/keywarden)
set(KEYWARDEN_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/keywarden)

install(FILES ${CMAKE_SOURCE_DIR}/packaging/systemd/keywarden-validator.service
    DESTINATION lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/nginx/keywarden-forward-auth.conf
    DESTINATION ${KEYWARDEN_SHARE_DIR}/nginx)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/systemd/keywarden.env.example
    DESTINATION ${KEYWARDEN_SHARE_DIR}/systemd)
install(FILES
    ${CMAKE_SOURCE_DIR}/packaging/prometheus/keywarden-alerts.yml
    ${CMAKE_SOURCE_DIR}/packaging/prometheus/prometheus.example.yml
    DESTINATION ${KEYWARDEN_SHARE_DIR}/prometheus)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/grafana/keywarden-dashboard.json
    DESTINATION ${KEYWARDEN_SHARE_DIR}/grafana)
install(FILES ${CMAKE_SOURCE_DIR}/.env.example
    DESTINATION ${KEYWARDEN_SHARE_DIR} RENAME keywarden.env.example)
install(FILES
    ${CMAKE_SOURCE_DIR}/README.md
    ${CMAKE_SOURCE_DIR}/docs/API_KEY_USAGE.md
    ${CMAKE_SOURCE_DIR}/docs/API_SECURITY.md
    ${CMAKE_SOURCE_DIR}/docs/DEPLOYMENT.md
    DESTINATION ${KEYWARDEN_DOC_DIR})

set(CPACK_PACKAGE_NAME keywarden)
set(CPACK_PACKAGE_VENDOR "KeyWarden")
set(CPACK_PACKAGE_CONTACT "KeyWarden developers <dev@keywarden.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "API-key administration desktop app, CLI and validator server")
set(CPACK_PACKAGE_DESCRIPTION
    "KeyWarden manages organizations and API keys in PostgreSQL or an embedded SQLite file.\n"
    "keywarden is the Qt desktop app; keywardenctl is the CLI and the headless validator\n"
    "(keywardenctl serve) that answers Authorization: Bearer checks for APIs and for nginx\n"
    "auth_request, with rate limits, quotas, usage tracking and Prometheus metrics.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://keywarden.invalid")
# dpkg-shlibdeps finds the linked libraries; the Qt plugins are loaded at run time, so
# name them: the SQL drivers for both engines and the SVG icon plugin.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-psql, libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql, redis-server, nginx, prometheus")

include(CPack)

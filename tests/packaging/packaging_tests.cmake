# The monitoring and deployment files under packaging/ (issue #5): runs keywardenctl serve
# on a free loopback port, scrapes /metrics and checks the Prometheus rules, the Grafana
# dashboard, the systemd unit and the Docker files against it (promtool, python3,
# systemd-analyze when it works). See check_monitoring.sh.
add_test(NAME TestPackagingMonitoring
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check_monitoring.sh
        $<TARGET_FILE:keywardenctl> ${CMAKE_SOURCE_DIR})
set_tests_properties(TestPackagingMonitoring PROPERTIES
    ENVIRONMENT "KEYWARDEN_LANGUAGE=en;LC_ALL=C.UTF-8"
    LABELS "unit"
    TIMEOUT 180)

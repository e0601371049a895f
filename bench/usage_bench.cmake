# Usage charts benchmark (included by bench/CMakeLists.txt): a year of usage for 1,000
# keys, timed from UsagePanel::setOrganization to the charts painted, offscreen.
add_executable(keywarden_bench_usage_chart BenchUsageChart.cpp)
target_link_libraries(keywarden_bench_usage_chart PRIVATE keywarden_views)

add_custom_target(bench_usage_chart
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen $<TARGET_FILE:keywarden_bench_usage_chart>
    DEPENDS keywarden_bench_usage_chart
    USES_TERMINAL
    COMMENT "Usage chart benchmark (set KEYWARDEN_BENCH_PG_URL for PostgreSQL too)")
if(TARGET bench)
    add_dependencies(bench bench_usage_chart)
endif()

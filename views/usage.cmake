# Usage charts and their panel (included by views/CMakeLists.txt). UsageChartView holds
# every line of Qt Charts code in the app: Qt Charts is deprecated from Qt 6.10, and one
# class is what a replacement would have to rewrite.
target_sources(keywarden_views PRIVATE
    UsageChartView.cpp UsageChartView.h
    UsagePanel.cpp UsagePanel.h
)

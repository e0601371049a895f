# Usage models (included by models/CMakeLists.txt): the per-day rows the charts read
# and the CSV export of a usage summary.
target_sources(keywarden_models PRIVATE
    UsageCsvWriter.cpp UsageCsvWriter.h
    UsageDayModel.cpp UsageDayModel.h
)

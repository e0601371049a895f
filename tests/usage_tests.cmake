# Usage models, charts and CSV export (included by tests/CMakeLists.txt).
keywarden_add_test(TestUsageDayModel LIBS keywarden_views)
keywarden_add_test(TestUsageCsvWriter LIBS keywarden_models)
keywarden_add_test(TestUsagePanel DATABASE LIBS keywarden_views)

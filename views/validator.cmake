# The embedded validator's panel: start/stop, "try a key", and the live request log.
target_sources(keywarden_views PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/LocalValidatorPanel.cpp ${CMAKE_CURRENT_LIST_DIR}/LocalValidatorPanel.h
    ${CMAKE_CURRENT_LIST_DIR}/RequestLogModel.cpp ${CMAKE_CURRENT_LIST_DIR}/RequestLogModel.h
)

# `cmake --install build --prefix P` installs the library, the `squall` program, the public
# headers under P/include/squall and a CMake package, so that an out-of-tree plugin does
#   find_package(squall REQUIRED)
#   target_link_libraries(my_plugin PRIVATE squall::core)       # a plugin: the API only
#   target_link_libraries(my_program PRIVATE squall::squall)    # a program: every layer
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS ${SQUALL_LIBRARIES} squall_cli EXPORT squallTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The public headers: every squall/**.hpp but the internals (detail/ folders and the runtime's
# sub-folders), the same split scripts/check-layers enforces.
file(GLOB SQUALL_RUNTIME_INTERNALS LIST_DIRECTORIES true RELATIVE ${PROJECT_SOURCE_DIR}/squall/runtime
     ${PROJECT_SOURCE_DIR}/squall/runtime/*)
list(FILTER SQUALL_RUNTIME_INTERNALS EXCLUDE REGEX "\\.")
set(SQUALL_INTERNAL_PATTERNS PATTERN detail EXCLUDE)
foreach(dir ${SQUALL_RUNTIME_INTERNALS})
  list(APPEND SQUALL_INTERNAL_PATTERNS REGEX "/runtime/${dir}$" EXCLUDE)
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/squall/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/squall
        FILES_MATCHING PATTERN "*.hpp" ${SQUALL_INTERNAL_PATTERNS})
install(EXPORT squallTargets NAMESPACE squall:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/squall)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/squallConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/squallConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/squall)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/squallConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/squallConfig.cmake ${PROJECT_BINARY_DIR}/squallConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/squall)

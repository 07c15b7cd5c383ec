# `cmake --install build --prefix P` installs the library, the `squall` program, the public
# headers under P/include/squall and a CMake package, so that an out-of-tree plugin does
#   find_package(squall REQUIRED)
#   target_link_libraries(my_plugin PRIVATE squall::squall)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS squall squall_cli EXPORT squallTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(dir topology runtime windowing kafka spouts bolts)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/squall/${dir}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(EXPORT squallTargets NAMESPACE squall:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/squall)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/squallConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/squallConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/squall)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/squallConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/squallConfig.cmake ${PROJECT_BINARY_DIR}/squallConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/squall)

# Installs headers, both libraries, a pkg-config file and a CMake package.
include(CMakePackageConfigHelpers)

install(TARGETS triage triage_static EXPORT triageTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/triage DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT triageTargets NAMESPACE triage::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/triage)

configure_package_config_file(cmake/triageConfig.cmake.in
  ${PROJECT_BINARY_DIR}/triageConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/triage)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/triageConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/triageConfig.cmake
  ${PROJECT_BINARY_DIR}/triageConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/triage)

# The .pc file finds its prefix relative to itself, so the install relocates.
file(RELATIVE_PATH TRIAGE_PC_UP ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(cmake/triage.pc.in ${PROJECT_BINARY_DIR}/triage.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/triage.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

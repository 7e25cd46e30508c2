@echo off
rem rcsync launcher for Windows (cmd.exe): runs the rcsync CLI from this distribution, from any directory.
rem Java: %JAVA_HOME%\bin\java.exe when JAVA_HOME is set, else java.exe on PATH; it must be Java 17 or newer.
rem JVM options: the small-host options of 'rcsync schedule' (see bin/rcsync); RCSYNC_JAVA_OPTS, when set, replaces
rem them and JAVA_OPTS is added after them (the JVM takes the last of repeated options).
rem Exit code: rcsync's own; 2 with one line on stderr when no Java 17+ is found.
setlocal EnableExtensions
for %%i in ("%~dp0..") do set "RCSYNC_HOME=%%~fi"
set "RCSYNC_HINT=install a Java 17+ runtime (e.g. winget install EclipseAdoptium.Temurin.17.JRE) or set JAVA_HOME to one"

rem Messages are echoed outside any ( ... ) block: cmd.exe expands %VAR% when it reads a whole block, so a ")" in
rem the hint or in a JAVA_HOME such as "C:\Program Files (x86)\..." would end the block early.
if defined JAVA_HOME goto :java_home
where java.exe >nul 2>nul || goto :no_java
set "RCSYNC_JAVA=java.exe"
goto :java_version
:java_home
set "RCSYNC_JAVA=%JAVA_HOME%\bin\java.exe"
if not exist "%RCSYNC_JAVA%" goto :bad_java_home

:java_version
rem the major version from 'java -version': "17.0.2" is 17, "1.8.0_402" is 8
set "RCSYNC_JVER="
rem ("call" first: cmd /c would otherwise strip the quotes of a path with spaces or parentheses)
for /f "tokens=3" %%v in ('call "%RCSYNC_JAVA%" -version 2^>^&1 ^| findstr /i version') do if not defined RCSYNC_JVER set "RCSYNC_JVER=%%~v"
set "RCSYNC_MAJOR=0"
for /f "tokens=1,2 delims=._-+" %%a in ("%RCSYNC_JVER%") do (
  if "%%a"=="1" (set "RCSYNC_MAJOR=%%b") else (set "RCSYNC_MAJOR=%%a")
)
if %RCSYNC_MAJOR% LSS 17 goto :old_java

if /i "%~1"=="serve" (
  set "RCSYNC_OPTS=-XX:+UseSerialGC -Xmx256m -Xshare:auto"
) else (
  set "RCSYNC_OPTS=-XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -Xshare:auto"
)
if defined RCSYNC_JAVA_OPTS set "RCSYNC_OPTS=%RCSYNC_JAVA_OPTS%"

"%RCSYNC_JAVA%" %RCSYNC_OPTS% %JAVA_OPTS% "-Drcsync.home=%RCSYNC_HOME%" -cp "%RCSYNC_HOME%\lib\*" io.rcsync.cli.Main %*
exit /b %ERRORLEVEL%

:no_java
echo rcsync: no java found: JAVA_HOME is not set and there is no java.exe on PATH; %RCSYNC_HINT% 1>&2
exit /b 2
:bad_java_home
echo rcsync: JAVA_HOME is %JAVA_HOME%, but %RCSYNC_JAVA% does not exist: %RCSYNC_HINT% 1>&2
exit /b 2
:old_java
echo rcsync: %RCSYNC_JAVA% is Java %RCSYNC_JVER%; rcsync needs Java 17 or newer: %RCSYNC_HINT% 1>&2
exit /b 2

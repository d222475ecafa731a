// Real Debian servers for tests and the benchmark: start one on 127.0.0.1 with a generated config,
// read its access log, stop it. A missing binary fails with the install command (scripts/real-servers.sh).
export { startNginx, SMALL_BODY_BYTES, type NginxOptions, type NginxServer } from './nginx';
export { startApache, type ApacheOptions, type ApacheServer } from './apache2';
export { startTinyproxy, type TinyproxyServer } from './tinyproxy';
export { startPythonHttpServer, type PythonHttpServer } from './pythonHttpServer';
export { AccessLog, connectionCounts, INSTALL_COMMAND } from './process';

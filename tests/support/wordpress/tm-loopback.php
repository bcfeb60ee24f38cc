<?php
/*
 * Plugin Name: tistory-migrate test: loopback only
 * Description: logs every HTTP request WordPress makes; the saved blog's hosts (TM_ROUTE_HOSTS)
 * go to the loopback fixture server (TM_ROUTE_TO = 127.0.0.1:PORT) with their Host header, like
 * the tool's --resolve; any other host but 127.0.0.1 is refused before DNS.
 */
add_filter('pre_http_request', function ($pre, $args, $url) {
    $parts = parse_url($url);
    $host = $parts['host'] ?? '';
    $log = getenv('TM_HTTP_LOG');
    $routes = array_filter(explode(',', getenv('TM_ROUTE_HOSTS') ?: ''));
    $to = getenv('TM_ROUTE_TO');
    if ($to && in_array($host, $routes, true)) {
        if ($log) {
            file_put_contents($log, "routed $url via $to\n", FILE_APPEND);
        }
        $args['headers'] = array_merge((array) ($args['headers'] ?? array()),
            array('Host' => $host, 'X-Forwarded-Proto' => $parts['scheme']));
        $args['reject_unsafe_urls'] = false;
        $local = 'http://' . $to . ($parts['path'] ?? '/') . (isset($parts['query']) ? '?' . $parts['query'] : '');
        return wp_remote_request($local, $args);
    }
    if ($log) {
        file_put_contents($log, ($host === '127.0.0.1' ? 'allowed ' : 'refused ') . $url . "\n", FILE_APPEND);
    }
    if ($host !== '127.0.0.1') {
        return new WP_Error('http_request_failed', 'tistory-migrate test: only 127.0.0.1 may be contacted');
    }
    return $pre;
}, 1, 3);
add_filter('http_request_host_is_external', function ($external, $host) {
    return $external || $host === '127.0.0.1';
}, 10, 2);
add_action('template_redirect', function () {
    if (is_singular()) {
        header('X-TM-Post: ' . get_queried_object_id());
    }
}, 0);

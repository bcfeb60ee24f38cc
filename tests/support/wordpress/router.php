<?php
// The site for `php -S 127.0.0.1:PORT router.php`: files under /media/ (TM_MEDIA_DIR) and
// /wp-content/ (the site's own) are served as they are, everything else by WordPress.
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
foreach (array('/media/' => getenv('TM_MEDIA_DIR'), '/wp-content/' => getenv('TM_CONTENT_DIR')) as $prefix => $dir) {
    if ($dir && strpos($path, $prefix) === 0) {
        $file = realpath($dir . '/' . substr($path, strlen($prefix)));
        if ($file === false || strpos($file, realpath($dir) . '/') !== 0 || !is_file($file)) {
            http_response_code(404);
            return true;
        }
        header('Content-Type: ' . (mime_content_type($file) ?: 'application/octet-stream'));
        header('Content-Length: ' . filesize($file));
        readfile($file);
        return true;
    }
}
define('WP_USE_THEMES', true);
require __DIR__ . '/boot.php';
wp();
require ABSPATH . WPINC . '/template-loader.php';
